import { callerFromClaims } from '../../../src/auth/caller.factory';
import { EntraClaims } from '../../../src/auth/entra-claims';
import { assertPermitted, grantedPermissions, permissionsFor } from '../../../src/auth/permissions';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

const TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const USER = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const APP = 'f0e1d2c3-b4a5-4968-8776-655443322110';

describe('callerFromClaims', () => {
  it('when the token is delegated, then the caller is the user', () => {
    const claims: EntraClaims = {
      tid: TENANT,
      scp: 'eDiscovery.Read.All',
      oid: USER,
      name: 'Megan Bowen',
      preferred_username: 'meganb@contoso.com',
      appid: APP,
    };

    expect(callerFromClaims(claims)).toEqual({
      tenantId: TENANT,
      identity: {
        user: { id: USER, displayName: 'Megan Bowen', userPrincipalName: 'meganb@contoso.com' },
        application: null,
        device: null,
      },
    });
  });

  it('when a delegated v1.0 token names the user in upn, then that is the principal name', () => {
    const caller = callerFromClaims({
      tid: TENANT,
      scp: 'x',
      oid: USER,
      upn: 'adelev@contoso.com',
    });

    expect(caller.identity.user).toEqual({
      id: USER,
      displayName: null,
      userPrincipalName: 'adelev@contoso.com',
    });
  });

  it('when a delegated token has no oid, then it is refused', () => {
    expect(
      thrownBy(() => callerFromClaims({ tid: TENANT, scp: 'eDiscovery.Read.All' })),
    ).toMatchObject({
      status: 401,
      message: 'The delegated token has no user object id (oid)',
    });
  });

  it('when the token is app-only, then the caller is the application', () => {
    const claims: EntraClaims = {
      tid: TENANT,
      roles: ['eDiscovery.ReadWrite.All'],
      appid: APP,
      app_displayname: 'Contoso Review',
      oid: USER,
    };

    expect(callerFromClaims(claims)).toEqual({
      tenantId: TENANT,
      identity: {
        user: null,
        application: { id: APP, displayName: 'Contoso Review' },
        device: null,
      },
    });
  });

  it('when an app-only v2.0 token has azp instead of appid, then azp names the application', () => {
    const caller = callerFromClaims({ tid: TENANT, roles: [], azp: APP });

    expect(caller.identity.application).toEqual({ id: APP, displayName: null });
  });

  it('when an app-only token has neither appid nor azp, then it is refused', () => {
    expect(
      thrownBy(() => callerFromClaims({ tid: TENANT, roles: ['eDiscovery.Read.All'] })),
    ).toMatchObject({
      status: 401,
      message: 'The app-only token has no application id (appid or azp)',
    });
  });
});

describe('permissions', () => {
  it('when reading (GET, HEAD), then Read.All or ReadWrite.All will do', () => {
    expect(permissionsFor('GET')).toEqual(['eDiscovery.Read.All', 'eDiscovery.ReadWrite.All']);
    expect(permissionsFor('head')).toEqual(['eDiscovery.Read.All', 'eDiscovery.ReadWrite.All']);
  });

  it.each(['POST', 'PATCH', 'PUT', 'DELETE'])(
    'when the method is %s, then ReadWrite.All is needed',
    (method) => {
      expect(permissionsFor(method)).toEqual(['eDiscovery.ReadWrite.All']);
    },
  );

  it('when a token has scp and roles, then both grant permissions', () => {
    const claims = { tid: TENANT, scp: ' Sites.Read.All  eDiscovery.Read.All', roles: ['X.All'] };

    expect([...grantedPermissions(claims)]).toEqual([
      'Sites.Read.All',
      'eDiscovery.Read.All',
      'X.All',
    ]);
  });

  it('when a read-only token writes, then the refusal (403) names the permission needed', () => {
    const claims = { tid: TENANT, scp: 'eDiscovery.Read.All' };

    expect(thrownBy(() => assertPermitted('PATCH', claims))).toMatchObject({
      status: 403,
      code: 'accessDenied',
      message: 'This request needs the permission eDiscovery.ReadWrite.All',
    });
  });

  it('when a token has no eDiscovery permission, then a read is refused naming both', () => {
    expect(() => assertPermitted('GET', { tid: TENANT, scp: 'User.Read' })).toThrow(
      'This request needs one of the permissions eDiscovery.Read.All, eDiscovery.ReadWrite.All',
    );
  });

  it('when the permission differs only in case, then it does not count', () => {
    const claims = { tid: TENANT, roles: ['ediscovery.read.all'] };

    expect(thrownBy(() => assertPermitted('GET', claims))).toMatchObject({ status: 403 });
  });
});

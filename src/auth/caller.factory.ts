import { Caller } from '../common/domain/caller';
import { Identity } from '../common/domain/identity-set';
import { GraphError } from '../common/http/graph-error';
import { EntraClaims } from './entra-claims';

/**
 * Who the token speaks for: the signed-in user of a delegated token (it has `scp`), or the
 * application of an app-only token. Graph's `createdBy` shows the same.
 */
export function callerFromClaims(claims: EntraClaims): Caller {
  const delegated = claims.scp !== undefined;

  return {
    tenantId: claims.tid,
    identity: {
      user: delegated ? user(claims) : null,
      application: delegated ? null : application(claims),
      device: null,
    },
  };
}

function user(claims: EntraClaims): Identity {
  if (!claims.oid) {
    throw GraphError.unauthorized('The delegated token has no user object id (oid)');
  }

  return {
    id: claims.oid,
    displayName: claims.name ?? null,
    // v1.0 tokens name the user in `upn`, v2.0 tokens in `preferred_username`.
    userPrincipalName: claims.preferred_username ?? claims.upn ?? null,
  };
}

function application(claims: EntraClaims): Identity {
  // v1.0 tokens name the client in `appid`, v2.0 tokens in `azp`.
  const id = claims.appid ?? claims.azp;
  if (!id) {
    throw GraphError.unauthorized('The app-only token has no application id (appid or azp)');
  }

  return { id, displayName: claims.app_displayname ?? null };
}

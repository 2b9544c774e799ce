import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadAuthSettings } from '../../../src/auth/auth.settings';
import {
  DEVELOPMENT_APP_ID,
  DEVELOPMENT_TENANT_ID,
  DEVELOPMENT_USER_ID,
  developmentBanner,
  mintDevelopmentToken,
} from '../../../src/auth/development-token';
import { TokenVerifier } from '../../../src/auth/token.verifier';
import { mintTokenFromArguments } from '../../../scripts/mint-token';
import { TEST_SECRET, testAuthSettings } from '../../support/tokens';

const OTHER_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SECRET_ENV = { AUTH_JWT_SECRET: TEST_SECRET };

describe('development tokens', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'caseops-dev-token-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('when minted with the development settings, then the service accepts it', async () => {
    const settings = loadAuthSettings({}, { embeddedDatabase: true, dataDir });

    const claims = await new TokenVerifier(settings).verify(await mintDevelopmentToken(settings));

    expect(claims).toMatchObject({
      tid: DEVELOPMENT_TENANT_ID,
      oid: DEVELOPMENT_USER_ID,
      scp: 'eDiscovery.ReadWrite.All',
    });
  });

  it('when an issuer and audience are configured, then the token carries them', async () => {
    const settings = testAuthSettings({
      issuer: 'https://caseops.local/{tenantid}',
      audiences: ['api://caseops'],
    });

    const token = await mintDevelopmentToken(settings, { scope: 'eDiscovery.Read.All' });

    await expect(new TokenVerifier(settings).verify(token)).resolves.toMatchObject({
      scp: 'eDiscovery.Read.All',
    });
  });

  it('when the settings use a JWKS, then no development token can be minted', async () => {
    const settings = loadAuthSettings(
      {
        AUTH_JWKS_URI: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
        AUTH_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0',
        AUTH_AUDIENCE: 'api://caseops',
      },
      { embeddedDatabase: true, dataDir },
    );

    await expect(mintDevelopmentToken(settings)).rejects.toThrow(/shared-secret settings/);
  });

  it('when the banner is made, then it shows the token and how to mint another', () => {
    const banner = developmentBanner('header.payload.signature', {}, dataDir);

    expect(banner).toContain('\nheader.payload.signature\n');
    expect(banner).toContain(DEVELOPMENT_TENANT_ID);
    expect(banner).toContain(join(dataDir, 'dev-jwt-secret'));
    expect(banner).toContain('npm run token -- --tenant <guid> --scope eDiscovery.ReadWrite.All');
  });
});

describe('mint-token script', () => {
  const verifier = new TokenVerifier(testAuthSettings());

  it('when asked for a tenant and scope, then it mints a delegated token', async () => {
    const token = await mintTokenFromArguments(
      ['--tenant', OTHER_TENANT, '--scope', 'eDiscovery.Read.All', '--name', 'Adele Vance'],
      SECRET_ENV,
    );

    await expect(verifier.verify(token)).resolves.toMatchObject({
      tid: OTHER_TENANT,
      scp: 'eDiscovery.Read.All',
      oid: DEVELOPMENT_USER_ID,
      name: 'Adele Vance',
    });
  });

  it('when asked for roles, then it mints an app-only token', async () => {
    const token = await mintTokenFromArguments(
      ['--roles', 'eDiscovery.Read.All,eDiscovery.ReadWrite.All'],
      SECRET_ENV,
    );

    const claims = await verifier.verify(token);
    expect(claims).toMatchObject({
      appid: DEVELOPMENT_APP_ID,
      roles: ['eDiscovery.Read.All', 'eDiscovery.ReadWrite.All'],
    });
    expect(claims.scp).toBeUndefined();
  });

  it('when there is no AUTH_JWT_SECRET, then it uses the secret the service keeps', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'caseops-cli-'));
    const settings = loadAuthSettings({}, { embeddedDatabase: true, dataDir });

    const token = await mintTokenFromArguments(['--app', '--data-dir', dataDir], {});

    await expect(new TokenVerifier(settings).verify(token)).resolves.toMatchObject({
      roles: ['eDiscovery.ReadWrite.All'],
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when there is no secret at all, then it says how to get one', async () => {
    const missing = join(tmpdir(), 'caseops-cli-missing');

    await expect(mintTokenFromArguments(['--data-dir', missing], {})).rejects.toThrow(
      /No development secret in .*: start the service once without DATABASE_URL/,
    );
  });

  it('when the tenant is not a GUID, then it is refused', async () => {
    await expect(mintTokenFromArguments(['--tenant', 'contoso'], SECRET_ENV)).rejects.toThrow(
      '--tenant must be a GUID',
    );
  });

  it('when the lifetime is set, then the token expires then', async () => {
    const token = await mintTokenFromArguments(['--expires', '5m'], SECRET_ENV);
    const json = Buffer.from(token.split('.')[1], 'base64url').toString();
    const payload = JSON.parse(json) as { exp: number; iat: number };

    expect(payload.exp - payload.iat).toBe(300);
  });
});

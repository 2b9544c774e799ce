import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadAuthSettings } from '../../../src/auth/auth.settings';

const ENTRA = {
  AUTH_JWKS_URI: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  AUTH_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0',
  AUTH_AUDIENCE: 'api://caseops, 3f2504e0-4f89-41d3-9a0c-0305e82c3301',
};
const SECRET = 'a-shared-secret-of-at-least-32-bytes!';

describe('loadAuthSettings', () => {
  let dataDir: string;
  const real = () => ({ embeddedDatabase: false, dataDir });
  const embedded = () => ({ embeddedDatabase: true, dataDir });

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'caseops-auth-')), 'data');
  });

  afterEach(() => {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('when AUTH_JWKS_URI, AUTH_ISSUER and AUTH_AUDIENCE are set, then it verifies with the JWKS', () => {
    const settings = loadAuthSettings(ENTRA, real());

    expect(settings).toMatchObject({
      mode: 'jwks',
      jwksUri: ENTRA.AUTH_JWKS_URI,
      issuer: ENTRA.AUTH_ISSUER,
      audiences: ['api://caseops', '3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
      clockSkewSeconds: 60,
      development: false,
    });
  });

  it('when AUTH_JWKS_URI is set alone, then the error names AUTH_ISSUER and AUTH_AUDIENCE', () => {
    const load = () => loadAuthSettings({ AUTH_JWKS_URI: ENTRA.AUTH_JWKS_URI }, real());

    expect(load).toThrow('AUTH_JWKS_URI is set, so AUTH_ISSUER and AUTH_AUDIENCE must be set too');
  });

  it('when only AUTH_AUDIENCE is missing, then the error names only it', () => {
    const load = () => loadAuthSettings({ ...ENTRA, AUTH_AUDIENCE: ' ' }, real());

    expect(load).toThrow(/so AUTH_AUDIENCE must be set too/);
  });

  it('when AUTH_JWKS_URI is plain http to another host, then it is refused', () => {
    const load = () =>
      loadAuthSettings({ ...ENTRA, AUTH_JWKS_URI: 'http://idp.example/keys' }, real());

    expect(load).toThrow('AUTH_JWKS_URI must be an https URL');
  });

  it('when AUTH_JWKS_URI is not a URL, then it is refused', () => {
    const load = () => loadAuthSettings({ ...ENTRA, AUTH_JWKS_URI: 'keys.json' }, real());

    expect(load).toThrow('AUTH_JWKS_URI is not a valid URL');
  });

  it('when AUTH_JWT_SECRET is set, then it verifies with the shared secret and optional checks', () => {
    const env = {
      AUTH_JWT_SECRET: SECRET,
      AUTH_AUDIENCE: 'api://caseops',
      AUTH_CLOCK_SKEW_SECONDS: '5',
    };

    expect(loadAuthSettings(env, real())).toEqual({
      mode: 'sharedSecret',
      secret: SECRET,
      issuer: null,
      audiences: ['api://caseops'],
      clockSkewSeconds: 5,
      development: false,
    });
  });

  it('when AUTH_JWT_SECRET is shorter than 32 bytes, then the error says so', () => {
    const load = () => loadAuthSettings({ AUTH_JWT_SECRET: 'short' }, real());

    expect(load).toThrow('AUTH_JWT_SECRET must be at least 32 bytes (it has 5)');
  });

  it('when AUTH_CLOCK_SKEW_SECONDS is not a whole number, then the error names it', () => {
    const load = () =>
      loadAuthSettings({ AUTH_JWT_SECRET: SECRET, AUTH_CLOCK_SKEW_SECONDS: '-1' }, real());

    expect(load).toThrow(/AUTH_CLOCK_SKEW_SECONDS/);
  });

  it('when nothing is set and the database is real, then authentication is not configured', () => {
    expect(() => loadAuthSettings({}, real())).toThrow(
      'Authentication is not configured: set AUTH_JWKS_URI, AUTH_ISSUER and AUTH_AUDIENCE ' +
        '(Entra ID), or AUTH_JWT_SECRET',
    );
  });

  it('when nothing is set and the database is embedded, then a development secret is made', () => {
    const settings = loadAuthSettings({}, embedded());

    const path = join(dataDir, 'dev-jwt-secret');
    expect(settings).toMatchObject({ mode: 'sharedSecret', development: true });
    expect(settings.mode === 'sharedSecret' && settings.secret).toBe(readFileSync(path, 'utf8'));
    expect(Buffer.byteLength(readFileSync(path, 'utf8'))).toBeGreaterThanOrEqual(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('when the development secret exists, then it is reused', () => {
    const first = loadAuthSettings({}, embedded());
    const second = loadAuthSettings({}, embedded());

    expect(second).toEqual(first);
  });

  it('when the development secret file is too short, then the error names the file', () => {
    loadAuthSettings({}, embedded());
    writeFileSync(join(dataDir, 'dev-jwt-secret'), 'tiny');

    expect(() => loadAuthSettings({}, embedded())).toThrow(/dev-jwt-secret holds fewer than 32/);
  });
});

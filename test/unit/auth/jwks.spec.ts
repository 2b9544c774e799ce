import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';
import type { CryptoKey, JWK } from 'jose';

import { DEFAULT_JWKS_FETCH, JwksAuthSettings } from '../../../src/auth/auth.settings';
import { loadJose } from '../../../src/auth/jose.loader';
import { TokenVerifier } from '../../../src/auth/token.verifier';
import { hs256Token, keyToken, TEST_SECRET, TEST_TENANT_ID } from '../../support/tokens';

interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

const ISSUER = 'https://login.microsoftonline.com/{tenantid}/v2.0';
const TOKEN_ISSUER = `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0`;
const AUDIENCE = 'api://caseops';

async function signingKey(alg: SigningKey['alg'], kid: string): Promise<SigningKey> {
  const { exportJWK, generateKeyPair } = await loadJose();
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

function tokenOf(key: SigningKey, expiresIn = 3600): Promise<string> {
  const header = { alg: key.alg, kid: key.kid };
  return keyToken(key.privateKey, header, { issuer: TOKEN_ISSUER, audience: AUDIENCE, expiresIn });
}

/** An identity provider's key endpoint on 127.0.0.1 that counts how often it is asked. */
class KeyServer {
  published: SigningKey[] = [];
  fetches = 0;
  private readonly server: Server = createServer((_request, response) => {
    this.fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: this.published.map((key) => key.jwk) }));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/discovery/v2.0/keys`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('TokenVerifier with a JWKS', () => {
  const keys = new KeyServer();
  let settings: JwksAuthSettings;
  let rsa: SigningKey;
  let ec: SigningKey;

  beforeAll(async () => {
    [rsa, ec] = await Promise.all([signingKey('RS256', 'rsa-1'), signingKey('ES256', 'ec-1')]);
    settings = {
      mode: 'jwks',
      jwksUri: await keys.start(),
      issuer: ISSUER,
      audiences: [AUDIENCE],
      clockSkewSeconds: 60,
      jwks: { ...DEFAULT_JWKS_FETCH, cooldownMs: 0 },
      development: false,
    };
  });

  beforeEach(() => {
    keys.published = [rsa, ec];
    keys.fetches = 0;
  });

  afterAll(() => keys.stop());

  it('when an RS256 token is signed by a published key, then it is accepted', async () => {
    const claims = await new TokenVerifier(settings).verify(await tokenOf(rsa));

    expect(claims.tid).toBe(TEST_TENANT_ID);
  });

  it('when an ES256 token is signed by a published key, then it is accepted', async () => {
    const claims = await new TokenVerifier(settings).verify(await tokenOf(ec));

    expect(claims.tid).toBe(TEST_TENANT_ID);
  });

  it('when several tokens are verified, then the key set is fetched once', async () => {
    const verifier = new TokenVerifier(settings);

    await verifier.verify(await tokenOf(rsa));
    await verifier.verify(await tokenOf(ec));

    expect(keys.fetches).toBe(1);
  });

  it('when the issuer rotates to a new key, then a token with the new kid is accepted', async () => {
    const verifier = new TokenVerifier(settings);
    await verifier.verify(await tokenOf(rsa));
    const rotated = await signingKey('RS256', 'rsa-2');

    keys.published = [rsa, rotated];
    const claims = await verifier.verify(await tokenOf(rotated));

    expect(claims.tid).toBe(TEST_TENANT_ID);
    expect(keys.fetches).toBe(2);
  });

  it('when the kid is unknown within the cooldown, then the key set is not fetched again', async () => {
    const verifier = new TokenVerifier({ ...settings, jwks: DEFAULT_JWKS_FETCH });
    await verifier.verify(await tokenOf(rsa));
    const unpublished = await signingKey('RS256', 'rsa-3');

    await expect(verifier.verify(await tokenOf(unpublished))).rejects.toMatchObject({
      status: 401,
      message: 'The token is signed with a key the issuer does not publish (kid)',
    });
    expect(keys.fetches).toBe(1);
  });

  it('when a token claims a published kid but another key signed it, then it is refused', async () => {
    const impostor = { ...(await signingKey('RS256', 'other')), kid: rsa.kid };

    await expect(new TokenVerifier(settings).verify(await tokenOf(impostor))).rejects.toMatchObject(
      {
        status: 401,
        message: "The token's signature is not valid",
      },
    );
  });

  it('when an HS256 token arrives, then its algorithm is not accepted', async () => {
    const token = await hs256Token(TEST_SECRET, { issuer: TOKEN_ISSUER, audience: AUDIENCE });

    await expect(new TokenVerifier(settings).verify(token)).rejects.toMatchObject({
      status: 401,
      message: "The token's signing algorithm is not accepted; use RS256 or ES256",
    });
  });

  it('when an RS256 token has expired, then it is refused', async () => {
    await expect(
      new TokenVerifier(settings).verify(await tokenOf(rsa, -120)),
    ).rejects.toMatchObject({ status: 401, message: 'The token has expired' });
  });

  it('when the key set cannot be fetched, then the service is unavailable (503)', async () => {
    const unreachable = { ...settings, jwksUri: 'http://127.0.0.1:9/keys' };
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    await expect(new TokenVerifier(unreachable).verify(await tokenOf(rsa))).rejects.toMatchObject({
      status: 503,
      code: 'serviceNotAvailable',
    });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('http://127.0.0.1:9/keys'));
    error.mockRestore();
  });
});

import { SharedSecretAuthSettings } from '../../../src/auth/auth.settings';
import { loadJose } from '../../../src/auth/jose.loader';
import { TokenVerifier } from '../../../src/auth/token.verifier';
import {
  hs256Token,
  keyToken,
  TEST_SECRET,
  TEST_TENANT_ID,
  testAuthSettings,
  TestTokenOptions,
  unsignedToken,
  wrongKeyToken,
} from '../../support/tokens';

const ENTRA_ISSUER = 'https://login.microsoftonline.com/{tenantid}/v2.0';

function verifierWith(overrides: Partial<SharedSecretAuthSettings> = {}): TokenVerifier {
  return new TokenVerifier(testAuthSettings(overrides));
}

async function refusalOf(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    expect(error).toMatchObject({ status: 401, code: 'InvalidAuthenticationToken' });
    const message = (error as Error).message;
    expect(message).not.toContain(token);
    return message;
  }
  throw new Error('the token was accepted');
}

function sign(options: TestTokenOptions = {}): Promise<string> {
  return hs256Token(TEST_SECRET, options);
}

describe('TokenVerifier with a shared secret', () => {
  it('when the token is valid, then it returns its claims', async () => {
    const claims = await verifierWith().verify(await sign({ scopes: ['eDiscovery.Read.All'] }));

    expect(claims).toMatchObject({ tid: TEST_TENANT_ID, scp: 'eDiscovery.Read.All' });
  });

  it('when the token is unsigned (alg none), then it is refused', async () => {
    const message = await refusalOf(verifierWith(), await unsignedToken());

    expect(message).toBe('The token is not signed (alg none)');
  });

  it('when another key signed the token, then its signature is not valid', async () => {
    const message = await refusalOf(verifierWith(), await wrongKeyToken());

    expect(message).toBe("The token's signature is not valid");
  });

  it('when the token has expired beyond the skew, then it is refused', async () => {
    const verifier = verifierWith({ clockSkewSeconds: 60 });

    const message = await refusalOf(verifier, await sign({ expiresIn: -61 }));

    expect(message).toBe('The token has expired');
  });

  it('when the token is not valid yet beyond the skew, then it is refused', async () => {
    const verifier = verifierWith({ clockSkewSeconds: 60 });

    const message = await refusalOf(verifier, await sign({ notBefore: 120 }));

    expect(message).toBe('The token is not valid yet (nbf)');
  });

  it('when the token expired or starts within the skew, then it is accepted', async () => {
    const verifier = verifierWith({ clockSkewSeconds: 60 });

    await expect(verifier.verify(await sign({ expiresIn: -30 }))).resolves.toBeDefined();
    await expect(verifier.verify(await sign({ notBefore: 30 }))).resolves.toBeDefined();
  });

  it('when there is no skew, then a token expired a few seconds ago is refused', async () => {
    const message = await refusalOf(verifierWith(), await sign({ expiresIn: -5 }));

    expect(message).toBe('The token has expired');
  });

  it('when the token has no expiry, then it is refused', async () => {
    const message = await refusalOf(verifierWith(), await sign({ claims: { exp: undefined } }));

    expect(message).toBe('The token has no expiry (exp)');
  });

  it('when the issuer differs, then it is refused', async () => {
    const verifier = verifierWith({ issuer: 'https://sts.example/caseops' });

    const message = await refusalOf(verifier, await sign({ issuer: 'https://sts.example/other' }));

    expect(message).toBe("The token's issuer (iss) is not accepted");
  });

  it('when an issuer is expected and the token has none, then it is refused', async () => {
    const verifier = verifierWith({ issuer: 'https://sts.example/caseops' });

    expect(await refusalOf(verifier, await sign())).toBe('The token has no issuer (iss)');
  });

  it('when the issuer has {tenantid}, then it stands for the token tid', async () => {
    const verifier = verifierWith({ issuer: ENTRA_ISSUER });
    const issuer = `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0`;

    await expect(verifier.verify(await sign({ issuer }))).resolves.toBeDefined();
  });

  it('when the issuer names another tenant than the tid, then it is refused', async () => {
    const verifier = verifierWith({ issuer: ENTRA_ISSUER });
    const issuer = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0';

    const message = await refusalOf(verifier, await sign({ issuer }));

    expect(message).toBe("The token's issuer (iss) is not accepted");
  });

  it('when the audience is not accepted, then it is refused', async () => {
    const verifier = verifierWith({ audiences: ['api://caseops'] });

    const message = await refusalOf(verifier, await sign({ audience: 'api://other' }));

    expect(message).toBe("The token's audience (aud) is not accepted");
  });

  it('when one of several audiences matches, then it is accepted', async () => {
    const verifier = verifierWith({ audiences: ['api://caseops', 'client-id'] });

    await expect(verifier.verify(await sign({ audience: 'client-id' }))).resolves.toBeDefined();
  });

  it('when the token has no tid, then it is refused', async () => {
    const message = await refusalOf(verifierWith(), await sign({ tenantId: null }));

    expect(message).toBe('The token has no tenant id (tid)');
  });

  it('when the tid is not a GUID, then it is refused', async () => {
    const message = await refusalOf(verifierWith(), await sign({ tenantId: 'contoso.com' }));

    expect(message).toBe("The token's tenant id (tid) is not a GUID");
  });

  it('when the tid is in upper case, then the tenant id is kept in lower case', async () => {
    const token = await sign({ tenantId: TEST_TENANT_ID.toUpperCase() });

    await expect(verifierWith().verify(token)).resolves.toMatchObject({ tid: TEST_TENANT_ID });
  });

  it('when a claim has the wrong type, then it is refused', async () => {
    const message = await refusalOf(verifierWith(), await sign({ claims: { scp: ['a', 'b'] } }));

    expect(message).toBe("The token's scp claim is not a string");
  });

  it.each(['garbage', 'a.b.c', 'x.y', '....'])(
    'when the token is malformed (%p), then it is refused',
    async (token) => {
      expect(await refusalOf(verifierWith(), token)).toBe('The token is not a well-formed JWT');
    },
  );

  it('when the token uses an algorithm of the JWKS mode (RS256), then it is refused', async () => {
    const { generateKeyPair } = await loadJose();
    const { privateKey } = await generateKeyPair('RS256');
    const token = await keyToken(privateKey, { alg: 'RS256', kid: 'k1' });

    const message = await refusalOf(verifierWith(), token);

    expect(message).toBe("The token's signing algorithm is not accepted; use HS256");
  });
});

describe('TokenVerifier remembering verified tokens', () => {
  it('when a remembered token reaches its expiry, then it is refused like any expired token', async () => {
    const verifier = verifierWith();
    const token = await sign({ expiresIn: 1 });
    await expect(verifier.verify(token)).resolves.toBeDefined();

    await new Promise((resolve) => setTimeout(resolve, 2_100));

    const message = await refusalOf(verifier, token);
    expect(message).toBe('The token has expired');
  });

  it('when a token was refused, then it is refused again rather than remembered', async () => {
    const verifier = verifierWith();
    const forged = await wrongKeyToken();

    await refusalOf(verifier, forged);
    expect(await refusalOf(verifier, forged)).toBe("The token's signature is not valid");
  });

  it('when the same token comes again, then it yields the same claims', async () => {
    const verifier = verifierWith();
    const token = await sign({ scopes: ['eDiscovery.Read.All'] });

    const first = await verifier.verify(token);
    await expect(verifier.verify(token)).resolves.toEqual(first);
  });
});

import { randomBytes } from 'node:crypto';

import type { CryptoKey, JWTPayload, KeyObject } from 'jose';

import { SharedSecretAuthSettings } from '../../src/auth/auth.settings';
import { loadJose } from '../../src/auth/jose.loader';

export const TEST_SECRET = 'caseops-tests-only-secret-0123456789';
export const TEST_TENANT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const TEST_USER_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
export const TEST_APP_ID = 'f0e1d2c3-b4a5-4968-8776-655443322110';

/** What a test token says. Without `roles` it is delegated; with `roles` and no `scopes`, app-only. */
export interface TestTokenOptions {
  /** Null leaves `tid` out. */
  readonly tenantId?: string | null;
  readonly scopes?: readonly string[];
  readonly roles?: readonly string[];
  readonly userId?: string;
  readonly name?: string;
  readonly userPrincipalName?: string;
  readonly appId?: string;
  readonly appName?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds from now; negative for a token that has expired. */
  readonly expiresIn?: number;
  /** Seconds from now before which the token is not valid. */
  readonly notBefore?: number;
  /** Claims set last; undefined removes one. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** Settings that accept tokens from {@link hs256Token} with {@link TEST_SECRET}. */
export function testAuthSettings(
  overrides: Partial<SharedSecretAuthSettings> = {},
): SharedSecretAuthSettings {
  return {
    mode: 'sharedSecret',
    secret: TEST_SECRET,
    issuer: null,
    audiences: [],
    clockSkewSeconds: 0,
    development: false,
    ...overrides,
  };
}

/** The claims of a test token, shaped like Entra ID's. */
export function testClaims(options: TestTokenOptions = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    iat: now,
    exp: now + (options.expiresIn ?? 3600),
    ...(options.notBefore === undefined ? {} : { nbf: now + options.notBefore }),
    ...(options.tenantId === null ? {} : { tid: options.tenantId ?? TEST_TENANT_ID }),
    ...(options.issuer === undefined ? {} : { iss: options.issuer }),
    ...(options.audience === undefined ? {} : { aud: options.audience }),
    ...identityClaims(options),
    ...options.claims,
  };
  return withoutUndefined(claims);
}

/** An HS256 token signed with `secret`. */
export async function hs256Token(secret: string, options: TestTokenOptions = {}): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT(testClaims(options))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/** A token signed by another secret than the one the service knows. */
export function wrongKeyToken(options: TestTokenOptions = {}): Promise<string> {
  return hs256Token(randomBytes(32).toString('hex'), options);
}

/** A token with `alg: none` and no signature. */
export async function unsignedToken(options: TestTokenOptions = {}): Promise<string> {
  const { UnsecuredJWT } = await loadJose();
  return new UnsecuredJWT(testClaims(options)).encode();
}

/** A token signed with an asymmetric private key (RS256, ES256), naming the key by `kid`. */
export async function keyToken(
  key: CryptoKey | KeyObject,
  header: { readonly alg: string; readonly kid: string },
  options: TestTokenOptions = {},
): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT(testClaims(options)).setProtectedHeader({ ...header, typ: 'JWT' }).sign(key);
}

function identityClaims(options: TestTokenOptions): JWTPayload {
  const appOnly = options.roles !== undefined && options.scopes === undefined;
  if (appOnly) {
    const appId = options.appId ?? TEST_APP_ID;
    return { sub: appId, appid: appId, app_displayname: options.appName, roles: options.roles };
  }

  const userId = options.userId ?? TEST_USER_ID;
  return {
    sub: userId,
    oid: userId,
    name: options.name,
    preferred_username: options.userPrincipalName,
    scp: (options.scopes ?? ['eDiscovery.ReadWrite.All']).join(' '),
    ...(options.roles === undefined ? {} : { roles: options.roles }),
  };
}

function withoutUndefined(claims: JWTPayload): JWTPayload {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

import { ensureDevelopmentSecret, MIN_SECRET_BYTES } from './development-secret';

/** Injection token of the {@link AuthSettings} the auth module runs with. */
export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** Checks every verification mode shares. */
interface CommonAuthSettings {
  /** Expected `iss`; `{tenantid}` stands for the token's `tid`. Null accepts any issuer. */
  readonly issuer: string | null;
  /** Accepted `aud` values; empty accepts any audience. */
  readonly audiences: readonly string[];
  readonly clockSkewSeconds: number;
}

/** How the remote key set is fetched and kept. */
export interface JwksFetchSettings {
  /** No refetch within this many ms of the last fetch, even for an unknown `kid`. */
  readonly cooldownMs: number;
  /** Keys older than this are fetched again before use. */
  readonly cacheMaxAgeMs: number;
  readonly timeoutMs: number;
}

/** Tokens signed by an identity provider (Entra ID) with keys from its JWKS (RS256, ES256). */
export interface JwksAuthSettings extends CommonAuthSettings {
  readonly mode: 'jwks';
  readonly jwksUri: string;
  readonly issuer: string;
  readonly jwks: JwksFetchSettings;
  readonly development: false;
}

/** Tokens signed with a shared secret (HS256): development and tests. */
export interface SharedSecretAuthSettings extends CommonAuthSettings {
  readonly mode: 'sharedSecret';
  readonly secret: string;
  /** True when the secret was generated because nothing was configured. */
  readonly development: boolean;
}

export type AuthSettings = JwksAuthSettings | SharedSecretAuthSettings;

/** What the environment alone cannot tell. */
export interface AuthSettingsContext {
  /** True when the service runs its own PostgreSQL (no DATABASE_URL): a development set-up. */
  readonly embeddedDatabase: boolean;
  /** Where a development secret is kept between runs. */
  readonly dataDir: string;
}

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

export const DEFAULT_JWKS_FETCH: JwksFetchSettings = {
  cooldownMs: 30_000,
  cacheMaxAgeMs: 10 * 60_000,
  timeoutMs: 5_000,
};

const NOT_CONFIGURED =
  'Authentication is not configured: set AUTH_JWKS_URI, AUTH_ISSUER and AUTH_AUDIENCE ' +
  '(Entra ID), or AUTH_JWT_SECRET';

/** Reads the auth settings from the environment; throws naming what is missing or invalid. */
export function loadAuthSettings(
  env: NodeJS.ProcessEnv,
  context: AuthSettingsContext,
): AuthSettings {
  if (present(env.AUTH_JWKS_URI)) return jwksSettings(env);
  if (present(env.AUTH_JWT_SECRET)) return sharedSecretSettings(env, env.AUTH_JWT_SECRET, false);
  if (!context.embeddedDatabase) throw new Error(NOT_CONFIGURED);

  return sharedSecretSettings(env, ensureDevelopmentSecret(context.dataDir), true);
}

function jwksSettings(env: NodeJS.ProcessEnv): JwksAuthSettings {
  const missing = ['AUTH_ISSUER', 'AUTH_AUDIENCE'].filter((name) => !present(env[name]));
  if (missing.length > 0) {
    throw new Error(`AUTH_JWKS_URI is set, so ${missing.join(' and ')} must be set too`);
  }

  return {
    mode: 'jwks',
    jwksUri: jwksUri(env.AUTH_JWKS_URI ?? ''),
    issuer: (env.AUTH_ISSUER ?? '').trim(),
    audiences: audiences(env.AUTH_AUDIENCE),
    clockSkewSeconds: clockSkewSeconds(env.AUTH_CLOCK_SKEW_SECONDS),
    jwks: DEFAULT_JWKS_FETCH,
    development: false,
  };
}

function sharedSecretSettings(
  env: NodeJS.ProcessEnv,
  secret: string,
  development: boolean,
): SharedSecretAuthSettings {
  const bytes = Buffer.byteLength(secret);
  if (bytes < MIN_SECRET_BYTES) {
    throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes (it has ${bytes})`);
  }

  return {
    mode: 'sharedSecret',
    secret,
    issuer: present(env.AUTH_ISSUER) ? env.AUTH_ISSUER.trim() : null,
    audiences: audiences(env.AUTH_AUDIENCE),
    clockSkewSeconds: clockSkewSeconds(env.AUTH_CLOCK_SKEW_SECONDS),
    development,
  };
}

/** Keys are fetched over TLS, except from this machine (a local identity provider or a test). */
function jwksUri(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error('AUTH_JWKS_URI is not a valid URL');
  }

  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error('AUTH_JWKS_URI must be an https URL');
  }
  return url.href;
}

/** Entra v1 tokens carry the app ID URI and v2 tokens the client id, so several may be needed. */
function audiences(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((audience) => audience.trim())
    .filter((audience) => audience.length > 0);
}

function clockSkewSeconds(value: string | undefined): number {
  if (!present(value)) return DEFAULT_CLOCK_SKEW_SECONDS;

  const seconds = Number(value.trim());
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new Error('AUTH_CLOCK_SKEW_SECONDS must be a whole number of seconds, 0 or more');
  }
  return seconds;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim().length > 0;
}

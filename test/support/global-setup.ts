import { migrate, provideTestDatabase, TestDatabase } from './test-database';

declare global {
  var caseopsTestDatabase: TestDatabase | undefined;
}

/** Starts (or adopts) the suite's PostgreSQL once, applies the migrations, and shares its URL. */
export default async function globalSetup(): Promise<void> {
  const database = await provideTestDatabase(process.env);
  await migrate(database.url);

  process.env.TEST_DATABASE_URL = database.url;
  globalThis.caseopsTestDatabase = database;
  process.stdout.write(`\nIntegration database: ${describe(database)}\n`);
}

function describe(database: TestDatabase): string {
  const where = new URL(database.url);
  return `${database.source} (${where.hostname}:${where.port}${where.pathname})`;
}

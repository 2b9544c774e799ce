import { DataSource } from 'typeorm';

import { databaseOptions } from './database-options';

/**
 * The data source the TypeORM CLI uses (`npm run migration:*`). It reads DATABASE_URL; the
 * service itself applies pending migrations at start-up, so this is for operators and for
 * generating new migrations.
 */
const url = process.env.DATABASE_URL;
if (url === undefined || url === '') {
  throw new Error('Set DATABASE_URL to the PostgreSQL database the migration commands act on.');
}

export default new DataSource(
  databaseOptions({ url, poolSize: 1, connectTimeoutMillis: 10_000, statementTimeoutMillis: 0 }),
);

import { DataSource, MigrationExecutor } from 'typeorm';

import { MIGRATION_LOCK_KEY } from '../../../migrations/migration-lock';

/**
 * Applies pending migrations in one transaction that first takes the migration advisory lock.
 * A replica that starts beside another waits for the lock, then finds nothing left to apply.
 * The lock is transaction-scoped, so it also holds behind a transaction-pooling PgBouncer.
 * @returns the names of the migrations this call applied.
 */
export async function migrateUnderLock(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.startTransaction();
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);

    const executor = new MigrationExecutor(dataSource, queryRunner);
    const applied = await executor.executePendingMigrations();

    await queryRunner.commitTransaction();
    return applied.map((migration) => migration.name);
  } catch (error) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}

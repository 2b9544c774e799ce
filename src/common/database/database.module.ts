import { setTimeout as sleep } from 'node:timers/promises';

import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';

import { databaseOptions, DatabaseSettings } from './database-options';
import { isDatabaseUnavailable } from './database-unavailable';
import { migrateUnderLock } from './migrate';

export interface DatabaseModuleSettings extends DatabaseSettings {
  /** How long start-up keeps retrying a database that cannot be reached yet. */
  readonly startupWaitSeconds: number;
}

/** Pause between two start-up attempts to reach the database. */
const STARTUP_RETRY_DELAY_MS = 2000;

/**
 * The PostgreSQL connection pool. Pending migrations are applied before the data source is
 * handed to anything else, so no provider ever sees an older schema.
 */
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseModuleSettings): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          // Our own loop retries, with a deadline and only for an unreachable database.
          useFactory: () => ({ ...databaseOptions(settings), toRetry: () => false }),
          dataSourceFactory: (options) =>
            connectWhenReachable(options as DataSourceOptions, settings.startupWaitSeconds),
        }),
      ],
    };
  }
}

/**
 * In a compose deployment the service and PostgreSQL start together, so a database that does
 * not answer yet is retried until the wait runs out; any other failure stops start-up at once.
 */
async function connectWhenReachable(
  options: DataSourceOptions,
  waitSeconds: number,
): Promise<DataSource> {
  const logger = new Logger('DatabaseModule');
  const deadline = Date.now() + waitSeconds * 1000;

  for (let attempt = 1; ; attempt++) {
    try {
      return await connectAndMigrate(options, logger);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() >= deadline) throw error;

      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ msg: 'Database not reachable yet; retrying', attempt, reason });
      await sleep(STARTUP_RETRY_DELAY_MS);
    }
  }
}

async function connectAndMigrate(options: DataSourceOptions, logger: Logger): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  try {
    const applied = await migrateUnderLock(dataSource);
    logger.log({ msg: 'Database schema is current', applied });
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

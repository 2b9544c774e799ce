import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';

import { databaseOptions, DatabaseSettings } from './database-options';
import { migrateUnderLock } from './migrate';

/**
 * The PostgreSQL connection pool. Pending migrations are applied before the data source is
 * handed to anything else, so no provider ever sees an older schema.
 */
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => databaseOptions(settings),
          dataSourceFactory: (options) => connectAndMigrate(options as DataSourceOptions),
        }),
      ],
    };
  }
}

async function connectAndMigrate(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  const applied = await migrateUnderLock(dataSource);

  new Logger('DatabaseModule').log({ msg: 'Database schema is current', applied });
  return dataSource;
}

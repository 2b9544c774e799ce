import { DynamicModule, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { databaseOptions, DatabaseSettings } from './database-options';
import { migrateUnderLock } from './migrate';

@Injectable()
class SchemaMigrator implements OnModuleInit {
  private readonly logger = new Logger('SchemaMigrator');

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await migrateUnderLock(this.dataSource);
    this.logger.log({ msg: 'Database schema is current', applied });
  }
}

/** The PostgreSQL connection pool; pending migrations are applied before the service serves. */
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(databaseOptions(settings))],
      providers: [SchemaMigrator],
    };
  }
}

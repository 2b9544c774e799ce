import { DataSourceOptions } from 'typeorm';

import { MIGRATIONS } from '../../../migrations';
import { CaseEntity } from '../../cases/infrastructure/case.entity';
import { CaseOperationEntity } from '../../operations/infrastructure/case-operation.entity';

export interface DatabaseSettings {
  readonly url: string;
  readonly poolSize: number;
  /** How long a request waits for a pooled connection before it gives up. */
  readonly connectTimeoutMillis: number;
  /** Longest a single statement may run before PostgreSQL cancels it. */
  readonly statementTimeoutMillis: number;
}

/** One description of the database for the service, the tests and the TypeORM CLI. */
export function databaseOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: [CaseEntity, CaseOperationEntity],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    installExtensions: false,
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: settings.connectTimeoutMillis,
      statement_timeout: settings.statementTimeoutMillis,
      application_name: 'caseops',
    },
  };
}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { AuthModule } from './auth/auth.module';
import { AuthSettings } from './auth/auth.settings';
import { CasesModule } from './cases/cases.module';
import { AppConfig } from './common/config/app-config';
import { APP_CONFIG } from './common/config/app-config.token';
import { DatabaseModule } from './common/database/database.module';
import { GraphExceptionFilter } from './common/http/graph-exception.filter';
import { PagingModule } from './common/paging/paging.module';
import { OperationsModule } from './operations/operations.module';

/** What the service needs to run that is not in AppConfig: the database it finally uses. */
export interface AppRuntime {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  readonly auth: AuthSettings;
}

@Module({})
export class AppModule {
  static forRoot(runtime: AppRuntime): DynamicModule {
    const { config, databaseUrl, auth } = runtime;
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot({
          url: databaseUrl,
          poolSize: config.databasePoolSize,
          connectTimeoutMillis: config.databaseConnectTimeoutMillis,
          statementTimeoutMillis: config.databaseStatementTimeoutMillis,
        }),
        AuthModule.forRoot(auth),
        PagingModule,
        CasesModule,
        OperationsModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: GraphExceptionFilter },
      ],
      exports: [APP_CONFIG],
    };
  }
}

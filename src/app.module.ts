import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { AuthModule } from './auth/auth.module';
import { AuthSettings } from './auth/auth.settings';
import { CasesModule } from './cases/cases.module';
import { AppConfig } from './common/config/app-config';
import { APP_CONFIG } from './common/config/app-config.token';
import { DatabaseModule } from './common/database/database.module';
import { HealthModule } from './common/health/health.module';
import { GraphExceptionFilter } from './common/http/graph-exception.filter';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { LoggingModule } from './common/logging/logging.module';
import { MetricsModule } from './common/metrics/metrics.module';
import { PagingModule } from './common/paging/paging.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
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
        LoggingModule.forRoot({ level: config.logLevel, format: config.logFormat }),
        DatabaseModule.forRoot({
          url: databaseUrl,
          poolSize: config.databasePoolSize,
          connectTimeoutMillis: config.databaseConnectTimeoutMillis,
          statementTimeoutMillis: config.databaseStatementTimeoutMillis,
          startupWaitSeconds: config.databaseStartupWaitSeconds,
        }),
        HealthModule,
        MetricsModule.forRoot({
          operationCountMaxAgeSeconds: config.operationCountCacheSeconds,
        }),
        AuthModule.forRoot(auth),
        RateLimitModule.forRoot(config),
        PagingModule,
        IdempotencyModule,
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

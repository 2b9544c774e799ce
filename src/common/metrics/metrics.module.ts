import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { Registry } from 'prom-client';

import { HttpMetrics } from './http.metrics';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry } from './metrics.registry';
import { OPERATION_COUNT_MAX_AGE, OperationMetrics } from './operation.metrics';
import { PoolMetrics } from './pool.metrics';

export interface MetricsSettings {
  /** How long a scrape may reuse the last count of operations, in seconds. */
  readonly operationCountMaxAgeSeconds: number;
}

/** Prometheus metrics at GET /metrics: HTTP traffic, operations, the pool and the process. */
@Module({})
export class MetricsModule {
  static forRoot(settings: MetricsSettings): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: Registry, useFactory: createMetricsRegistry },
        { provide: OPERATION_COUNT_MAX_AGE, useValue: settings.operationCountMaxAgeSeconds },
        HttpMetrics,
        OperationMetrics,
        PoolMetrics,
      ],
    };
  }
}

/** Measures every request, including those refused before they reach a route. */
export function measureRequests(app: INestApplication): void {
  app.use(app.get(HttpMetrics).middleware);
}

import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** The counters node-postgres keeps on its pool. */
interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** The database pool's connections, read from the pool itself at scrape time. */
@Injectable()
export class PoolMetrics {
  constructor(@Inject(Registry) registry: Registry, dataSource: DataSource) {
    const pool = () => poolOf(dataSource);
    this.gauge(registry, 'caseops_db_pool_connections', 'Open connections.', () => {
      return pool()?.totalCount;
    });
    this.gauge(registry, 'caseops_db_pool_idle_connections', 'Open, unused connections.', () => {
      return pool()?.idleCount;
    });
    this.gauge(
      registry,
      'caseops_db_pool_waiting_requests',
      'Queries waiting for a free connection.',
      () => pool()?.waitingCount,
    );
  }

  private gauge(registry: Registry, name: string, help: string, read: () => number | undefined) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const value = read();
        if (value !== undefined) this.set(value);
      },
    });
  }
}

/** TypeORM's Postgres driver keeps the node-postgres pool as `master`. */
function poolOf(dataSource: DataSource): PoolCounts | undefined {
  const pool: unknown = (dataSource.driver as { master?: unknown }).master;
  return isPool(pool) ? pool : undefined;
}

function isPool(value: unknown): value is PoolCounts {
  return (
    typeof value === 'object' &&
    value !== null &&
    'totalCount' in value &&
    typeof value.totalCount === 'number'
  );
}

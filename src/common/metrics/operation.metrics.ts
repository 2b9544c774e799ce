import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

import { CASE_ACTIONS } from '../../operations/domain/case-action';
import { OPERATION_STATUSES } from '../../operations/domain/operation-status';

/** How long a scrape may reuse the last count, in seconds. */
export const OPERATION_COUNT_MAX_AGE = Symbol('OPERATION_COUNT_MAX_AGE');

interface OperationCount {
  readonly status: string;
  readonly action: string;
  readonly count: number;
}

interface Census {
  readonly takenAt: number;
  readonly counts: Promise<readonly OperationCount[]>;
}

/**
 * `caseops_operations`: operations of every tenant by status and action. It is counted in the
 * database at scrape time, because only the database knows the truth across replicas and
 * restarts; the count (a scan of the table) is reused for a few seconds so that frequent or
 * concurrent scrapes cost one query.
 */
@Injectable()
export class OperationMetrics {
  private readonly logger = new Logger(OperationMetrics.name);
  private census: Census | undefined;

  constructor(
    @Inject(Registry) registry: Registry,
    private readonly dataSource: DataSource,
    @Inject(OPERATION_COUNT_MAX_AGE) private readonly maxAgeSeconds: number,
  ) {
    const counts = () => this.counts();
    new Gauge({
      name: 'caseops_operations',
      help: 'Case operations of all tenants by status and action.',
      labelNames: ['status', 'action'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const status of OPERATION_STATUSES) {
          for (const action of CASE_ACTIONS) this.set({ status, action }, 0);
        }
        for (const { status, action, count } of await counts()) this.set({ status, action }, count);
      },
    });
  }

  private counts(): Promise<readonly OperationCount[]> {
    const now = Date.now();
    if (this.census === undefined || now - this.census.takenAt >= this.maxAgeSeconds * 1000) {
      this.census = { takenAt: now, counts: this.countInDatabase() };
    }
    return this.census.counts;
  }

  /** A failed count leaves the gauge empty for one period rather than failing the scrape. */
  private async countInDatabase(): Promise<readonly OperationCount[]> {
    try {
      const rows: { status: string; action: string; count: string }[] = await this.dataSource.query(
        'SELECT status, action, count(*) AS count FROM case_operation GROUP BY status, action',
      );
      return rows.map((row) => ({ ...row, count: Number(row.count) }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ msg: 'Could not count operations for /metrics', reason });
      return [];
    }
  }
}

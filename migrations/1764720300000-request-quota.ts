import { MigrationInterface, QueryRunner } from 'typeorm';

import { MIGRATION_LOCK_KEY } from './migration-lock';

/**
 * Request counters of the rate limiter, one row per bucket (a tenant or a client address) and
 * fixed window. UNLOGGED: the counters are worth less than the WAL they would cost on every
 * request, and a crash that empties the table only forgives one window. The spare fill factor
 * keeps the `count + 1` updates HOT, since no indexed column changes. The table holds only
 * the current and the previous window's rows (see RequestQuotaStore), so it needs no other index.
 */
export class RequestQuota1764720300000 implements MigrationInterface {
  name = 'RequestQuota1764720300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await queryRunner.query(`
      CREATE UNLOGGED TABLE request_quota (
        bucket text NOT NULL,
        window_start timestamptz NOT NULL,
        count integer NOT NULL,
        CONSTRAINT request_quota_pkey PRIMARY KEY (bucket, window_start)
      ) WITH (fillfactor = 70)
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await queryRunner.query('DROP TABLE request_quota');
  }
}

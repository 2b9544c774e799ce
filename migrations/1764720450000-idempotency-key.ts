import { MigrationInterface, QueryRunner } from 'typeorm';

import { MIGRATION_LOCK_KEY } from './migration-lock';

/**
 * Idempotency keys of creations, one row per tenant and key: the fingerprint of the request
 * that used the key first and the response it got, so a retry can be answered with it. The
 * body is kept as the exact JSON text that was sent (jsonb would reorder its properties).
 * `created_at` is indexed because expired keys are deleted by age.
 */
export class IdempotencyKey1764720450000 implements MigrationInterface {
  name = 'IdempotencyKey1764720450000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await queryRunner.query(`
      CREATE TABLE idempotency_key (
        tenant_id uuid NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        created_at timestamptz NOT NULL,
        response_status smallint,
        response_headers jsonb,
        response_body text,
        CONSTRAINT idempotency_key_pkey PRIMARY KEY (tenant_id, key)
      )
    `);
    await queryRunner.query(
      'CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await queryRunner.query('DROP TABLE idempotency_key');
  }
}

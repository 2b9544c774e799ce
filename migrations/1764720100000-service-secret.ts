import { MigrationInterface, QueryRunner } from 'typeorm';

import { MIGRATION_LOCK_KEY } from './migration-lock';

/** Secrets every replica must share (the key that signs paging tokens), kept with the data. */
export class ServiceSecret1764720100000 implements MigrationInterface {
  name = 'ServiceSecret1764720100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await queryRunner.query(`
      CREATE TABLE service_secret (
        name text PRIMARY KEY,
        value bytea NOT NULL CHECK (length(value) >= 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await queryRunner.query('DROP TABLE service_secret');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

import { MIGRATION_LOCK_KEY } from './migration-lock';

/**
 * Cases and their operations. Keys lead with the tenant so the tables can later be
 * distributed by tenant; the operation list index matches the default listing order.
 */
export class InitialSchema1764720000000 implements MigrationInterface {
  name = 'InitialSchema1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);

    await queryRunner.query(`
      CREATE TABLE ediscovery_case (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        display_name text NOT NULL,
        description text,
        external_id text,
        status text NOT NULL CHECK (status IN
          ('unknown', 'active', 'pendingDelete', 'closing', 'closed', 'closedWithError')),
        created_at timestamptz(3) NOT NULL,
        last_modified_at timestamptz(3) NOT NULL,
        closed_at timestamptz(3),
        created_by jsonb NOT NULL,
        last_modified_by jsonb NOT NULL,
        closed_by jsonb,
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX ediscovery_case_display_name_key
        ON ediscovery_case (tenant_id, lower(display_name))`);
    await queryRunner.query(`
      CREATE INDEX ediscovery_case_listing ON ediscovery_case (tenant_id, created_at, id)`);

    await queryRunner.query(`
      CREATE TABLE case_operation (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        action text NOT NULL CHECK (action IN ('contentExport', 'applyTags', 'convertToPdf',
          'index', 'estimateStatistics', 'addToReviewSet', 'holdUpdate', 'purgeData')),
        status text NOT NULL CHECK (status IN ('notStarted', 'submissionFailed', 'running',
          'succeeded', 'partiallySucceeded', 'failed')),
        percent_progress smallint NOT NULL CHECK (percent_progress BETWEEN 0 AND 100),
        created_at timestamptz(3) NOT NULL,
        completed_at timestamptz(3),
        created_by jsonb NOT NULL,
        result_info jsonb,
        properties jsonb NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id)
          REFERENCES ediscovery_case (tenant_id, id) ON DELETE CASCADE,
        CHECK ((completed_at IS NULL) = (status IN ('notStarted', 'running')))
      )`);
    await queryRunner.query(`
      CREATE INDEX case_operation_listing
        ON case_operation (tenant_id, case_id, created_at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await queryRunner.query('DROP TABLE case_operation');
    await queryRunner.query('DROP TABLE ediscovery_case');
  }
}

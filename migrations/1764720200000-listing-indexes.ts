import { MigrationInterface, QueryRunner } from 'typeorm';

import { MIGRATION_LOCK_KEY } from './migration-lock';

/** A nullable column sorts by presence, then by its value with nulls replaced (see sort-terms). */
const presence = (column: string, lowest: string) =>
  `((${column}) IS NOT NULL), COALESCE(${column}, ${lowest})`;

const USER_ID = "(created_by -> 'user' ->> 'id')";
const APPLICATION_ID = "(created_by -> 'application' ->> 'id')";

/**
 * One index per supported order, and per equality filter on status or action under the default
 * order, so that a keyset seek starts at its cursor however deep the page is. Each ends with id,
 * the tie-breaker, and its expressions match what the list queries sort by.
 */
const INDEXES: Readonly<Record<string, string>> = {
  case_operation_by_status: 'case_operation (tenant_id, case_id, status, created_at, id)',
  case_operation_by_action: 'case_operation (tenant_id, case_id, action, created_at, id)',
  case_operation_order_status: 'case_operation (tenant_id, case_id, status, id)',
  case_operation_order_action: 'case_operation (tenant_id, case_id, action, id)',
  case_operation_order_progress: 'case_operation (tenant_id, case_id, percent_progress, id)',
  case_operation_order_completed: `case_operation (tenant_id, case_id, ${presence(
    'completed_at',
    "'-infinity'::timestamptz",
  )}, id)`,
  case_operation_order_user: `case_operation (tenant_id, case_id, ${presence(USER_ID, "''")}, id)`,
  case_operation_order_application: `case_operation (tenant_id, case_id, ${presence(
    APPLICATION_ID,
    "''",
  )}, id)`,
  ediscovery_case_by_status: 'ediscovery_case (tenant_id, status, created_at, id)',
  ediscovery_case_order_status: 'ediscovery_case (tenant_id, status, id)',
  ediscovery_case_order_name: 'ediscovery_case (tenant_id, display_name, id)',
  ediscovery_case_order_external_id: `ediscovery_case (tenant_id, ${presence(
    'external_id',
    "''",
  )}, id)`,
};

export class ListingIndexes1764720200000 implements MigrationInterface {
  name = 'ListingIndexes1764720200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    for (const [name, definition] of Object.entries(INDEXES)) {
      await queryRunner.query(`CREATE INDEX ${name} ON ${definition}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    for (const name of Object.keys(INDEXES)) await queryRunner.query(`DROP INDEX ${name}`);
  }
}

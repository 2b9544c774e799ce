import { Client } from 'pg';

/**
 * Fills one case with `count` operations in one statement: a mix of statuses and actions,
 * creation times a second apart, completion times on finished ones.
 */
export async function seedOperations(
  databaseUrl: string,
  tenantId: string,
  caseId: string,
  count: number,
): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    await client.query('SET synchronous_commit = off');
    await client.query(
      `INSERT INTO case_operation (tenant_id, case_id, id, action, status, percent_progress,
         created_at, completed_at, created_by)
       SELECT $1, $2, gen_random_uuid(),
         (ARRAY['contentExport','applyTags','index','estimateStatistics'])[1 + g % 4],
         (ARRAY['notStarted','running','succeeded','failed'])[1 + g % 4],
         CASE WHEN g % 4 = 0 THEN 0 WHEN g % 4 = 1 THEN g % 100 ELSE 100 END,
         timestamptz '2026-01-01' + g * interval '1 second',
         CASE WHEN g % 4 >= 2 THEN timestamptz '2026-06-01' + g * interval '1 second' END,
         jsonb_build_object('user', jsonb_build_object('id', 'user-' || g % 50,
           'displayName', NULL), 'application', NULL, 'device', NULL)
       FROM generate_series(1, $3::int) g`,
      [tenantId, caseId, count],
    );
    // As pgbench does after loading: a table grown over time has a visibility map kept by
    // autovacuum, which a bulk load has not yet, and without it a count reads every heap page.
    await client.query('VACUUM (ANALYZE) case_operation');
    return Date.now() - started;
  } finally {
    await client.end();
  }
}

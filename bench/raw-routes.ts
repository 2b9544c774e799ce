import { randomUUID } from 'node:crypto';

import { Pool } from 'pg';

/**
 * The benchmarked routes as bare SQL over a pg pool, with no framework, authentication or
 * validation: what both yardsticks (bench/baseline-server.ts and bench/framework-floor.ts) run,
 * so that they differ only in what serves the HTTP request.
 */
export interface RawAnswer {
  readonly status: number;
  readonly body?: unknown;
}

export interface RawRoutes {
  create(caseId: string, body: { action: string }): Promise<RawAnswer>;
  get(caseId: string, id: string): Promise<RawAnswer>;
  list(caseId: string): Promise<RawAnswer>;
  update(caseId: string, id: string, body: { percentProgress: number }): Promise<RawAnswer>;
}

const INSERT = `
  WITH target AS (
    SELECT status FROM ediscovery_case WHERE tenant_id = $1 AND id = $2 FOR SHARE
  ), inserted AS (
    INSERT INTO case_operation (tenant_id, case_id, id, action, status, percent_progress,
      created_at, completed_at, created_by, result_info, properties)
    SELECT $1, $2, $3, $4, 'notStarted', 0, $5, NULL, $6, NULL, '{}' FROM target
    WHERE status = 'active'
    RETURNING 1
  )
  SELECT (SELECT status FROM target) AS case_status, (SELECT count(*) FROM inserted) AS inserted`;

const SELECT_ONE = `SELECT * FROM case_operation WHERE tenant_id = $1 AND case_id = $2 AND id = $3`;
const FIRST_PAGE = `SELECT * FROM case_operation o WHERE o.tenant_id = $1 AND o.case_id = $2
  ORDER BY o.created_at ASC, o.id ASC OFFSET 0 LIMIT $3`;
const UPDATE = `UPDATE case_operation SET status = 'running', percent_progress = $4,
  version = version + 1 WHERE tenant_id = $1 AND case_id = $2 AND id = $3 AND version = $5`;

const NOT_FOUND: RawAnswer = { status: 404, body: { error: 'not found' } };
const CREATED_BY = JSON.stringify({
  user: { id: 'bench', displayName: null },
  application: null,
  device: null,
});

/** The routes for one tenant; the pool is the caller's, sized as the service's is. */
export function rawRoutes(pool: Pool, tenantId: string): RawRoutes {
  return {
    async create(caseId, body) {
      const id = randomUUID();
      await pool.query(INSERT, [tenantId, caseId, id, body.action, new Date(), CREATED_BY]);
      return { status: 201, body: { id, action: body.action, status: 'notStarted' } };
    },

    async get(caseId, id) {
      const { rows } = await pool.query(SELECT_ONE, [tenantId, caseId, id]);
      return rows.length === 0 ? NOT_FOUND : { status: 200, body: rows[0] };
    },

    async list(caseId) {
      const { rows } = await pool.query(FIRST_PAGE, [tenantId, caseId, 101]);
      return { status: 200, body: { value: rows.slice(0, 100) } };
    },

    // Read, then compare-and-set on the version read, as the service does.
    async update(caseId, id, body) {
      for (;;) {
        const { rows } = await pool.query<{ version: number }>(SELECT_ONE, [tenantId, caseId, id]);
        if (rows.length === 0) return NOT_FOUND;
        const values = [tenantId, caseId, id, body.percentProgress, rows[0].version];
        const result = await pool.query(UPDATE, values);
        if (result.rowCount === 1) return { status: 204 };
      }
    },
  };
}

/** A pool configured from the environment bench/run.ts gives each yardstick. */
export function poolFromEnvironment(): Pool {
  return new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
}

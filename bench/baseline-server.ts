import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

import { Pool } from 'pg';

/**
 * The yardstick: the same SQL as caseops for the benchmarked routes, on a plain node:http
 * server with pg, no framework, no authentication, no validation. Started by bench/run.ts.
 */
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const TENANT = process.env.BENCH_TENANT_ID ?? '';
const ROUTE =
  /^\/beta\/compliance\/ediscovery\/cases\/([0-9a-f-]{36})\/operations(?:\/([0-9a-f-]{36}))?$/;

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

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const [, caseId, operationId] = ROUTE.exec((request.url ?? '').split('?')[0]) ?? [];
  if (caseId === undefined) return send(response, 404, { error: 'not found' });

  if (request.method === 'POST' && operationId === undefined)
    return create(request, response, caseId);
  if (request.method === 'GET' && operationId === undefined) return list(response, caseId);
  if (request.method === 'GET') return get(response, caseId, operationId);
  if (request.method === 'PATCH') return update(request, response, caseId, operationId);
  send(response, 405, { error: 'method not allowed' });
}

async function create(request: IncomingMessage, response: ServerResponse, caseId: string) {
  const body = JSON.parse(await read(request)) as { action: string };
  const id = randomUUID();
  const createdBy = JSON.stringify({
    user: { id: 'bench', displayName: null },
    application: null,
    device: null,
  });
  await pool.query(INSERT, [TENANT, caseId, id, body.action, new Date(), createdBy]);
  send(response, 201, { id, action: body.action, status: 'notStarted' });
}

async function get(response: ServerResponse, caseId: string, id: string) {
  const { rows } = await pool.query(SELECT_ONE, [TENANT, caseId, id]);
  if (rows.length === 0) return send(response, 404, { error: 'not found' });
  send(response, 200, rows[0]);
}

async function list(response: ServerResponse, caseId: string) {
  const { rows } = await pool.query(FIRST_PAGE, [TENANT, caseId, 101]);
  send(response, 200, { value: rows.slice(0, 100) });
}

async function update(
  request: IncomingMessage,
  response: ServerResponse,
  caseId: string,
  id: string,
) {
  const body = JSON.parse(await read(request)) as { percentProgress: number };
  for (;;) {
    const { rows } = await pool.query<{ version: number }>(SELECT_ONE, [TENANT, caseId, id]);
    if (rows.length === 0) return send(response, 404, { error: 'not found' });
    const result = await pool.query(UPDATE, [
      TENANT,
      caseId,
      id,
      body.percentProgress,
      rows[0].version,
    ]);
    if (result.rowCount === 1) return send(response, 204);
  }
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(text);
}

createServer((request, response) => {
  handle(request, response).catch(() => send(response, 500, { error: 'failed' }));
}).listen(Number(process.env.PORT ?? 3100), '127.0.0.1');

import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { pageQuery } from '../../../src/common/database/keyset-page.query';
import { cursorOf, parseListQuery, RawQuery } from '../../../src/common/odata';
import { CaseOperationMapper } from '../../../src/operations/infrastructure/case-operation.mapper';
import { CaseOperationEntity } from '../../../src/operations/infrastructure/case-operation.entity';
import {
  OPERATION_LIST_SCHEMA,
  operationValueOf,
} from '../../../src/operations/infrastructure/case-operation.list-schema';
import { operationSource } from '../../../src/operations/infrastructure/typeorm-case-operation.catalog';

const ROWS = 60_000;
const DEPTH = 45_000;
const TOP = 100;

interface PlanNode {
  'Node Type': string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/**
 * A deep page must cost what the first one does: for every supported order, and for an
 * equality filter on status or action, the page query starts an index scan at its cursor
 * instead of sorting or filtering the rows before it.
 */
describe('operation list plans on a large case', () => {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  const tenantId = randomUUID();
  const caseId = randomUUID();

  beforeAll(async () => {
    await client.connect();
    await client.query(
      `INSERT INTO ediscovery_case (tenant_id, id, display_name, status, created_at,
         last_modified_at, created_by, last_modified_by)
       VALUES ($1, $2, 'Large case', 'active', now(), now(), '{}', '{}')`,
      [tenantId, caseId],
    );
    await client.query(
      `INSERT INTO case_operation (tenant_id, case_id, id, action, status, percent_progress,
         created_at, completed_at, created_by)
       SELECT $1, $2, gen_random_uuid(),
         (ARRAY['contentExport','applyTags','index','estimateStatistics'])[1 + g % 4],
         (ARRAY['notStarted','running','succeeded','failed'])[1 + g % 4],
         CASE WHEN g % 4 = 0 THEN 0 WHEN g % 4 = 1 THEN g % 100 ELSE 100 END,
         timestamptz '2026-01-01' + g * interval '1 second',
         CASE WHEN g % 4 >= 2 THEN timestamptz '2026-06-01' + g * interval '1 second' END,
         CASE WHEN g % 3 = 0
           THEN jsonb_build_object('user', NULL, 'application', jsonb_build_object('id', 'app-' || g % 7))
           ELSE jsonb_build_object('user', jsonb_build_object('id', 'user-' || g % 50), 'application', NULL)
         END
       FROM generate_series(1, $3::int) g`,
      [tenantId, caseId, ROWS],
    );
    await client.query('ANALYZE case_operation');
  });

  afterAll(async () => {
    await client.query('DELETE FROM ediscovery_case WHERE tenant_id = $1', [tenantId]);
    await client.end();
  });

  it.each([
    [{}],
    [{ $orderby: 'createdDateTime desc' }],
    [{ $orderby: 'status' }],
    [{ $orderby: 'action desc' }],
    [{ $orderby: 'percentProgress desc' }],
    [{ $orderby: 'completedDateTime' }],
    [{ $orderby: 'completedDateTime desc' }],
    [{ $orderby: 'createdBy/user/id' }],
    [{ $orderby: 'createdBy/application/id desc' }],
    [{ $filter: "status eq 'running'" }],
    [{ $filter: "action eq 'index'", $orderby: 'createdDateTime desc' }],
  ] as RawQuery[][])(
    '%j: a page deep in the case is an index scan from its cursor',
    async (query) => {
      const options = parseListQuery({ ...query, $top: String(TOP) }, OPERATION_LIST_SCHEMA);
      const request = { options, binding: { tenantId, collection: caseId, query: '' } };
      const source = operationSource(tenantId, caseId);

      const first = pageQuery(source, OPERATION_LIST_SCHEMA, request);
      const depth = Math.min(DEPTH, (await countMatching(first.text, first.values)) - TOP - 1);
      const deepRow = await rowAt(first.text, first.values, depth);
      const cursor = cursorOf(options.orderBy, (path) => operationValueOf(deepRow, path));

      const deep = pageQuery(source, OPERATION_LIST_SCHEMA, { ...request, cursor });
      const plan = await explain(deep.text, deep.values);

      expect(nodeTypes(plan)).not.toContain('Sort');
      expect(nodeTypes(plan)).not.toContain('Incremental Sort');
      expect(nodeTypes(plan)).not.toContain('Seq Scan');
      expect(rowsRemoved(plan)).toBeLessThanOrEqual(TOP);
    },
  );

  async function countMatching(text: string, values: unknown[]): Promise<number> {
    const unlimited = text.replace(/LIMIT \$\d+$/, '');
    const result = await client.query<{ count: string }>(
      `SELECT count(*) FROM (${unlimited}) page`,
      values.slice(0, -1),
    );
    return Number(result.rows[0].count);
  }

  async function rowAt(text: string, values: unknown[], offset: number) {
    const single = text.replace(/OFFSET 0 LIMIT \$\d+$/, `OFFSET ${offset} LIMIT 1`);
    const result = await client.query<CaseOperationEntity>(single, values.slice(0, -1));
    return CaseOperationMapper.toDomain(result.rows[0]);
  }

  async function explain(text: string, values: unknown[]): Promise<PlanNode> {
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
      values,
    );
    return result.rows[0]['QUERY PLAN'][0].Plan;
  }
});

function nodeTypes(node: PlanNode): string[] {
  return [node['Node Type'], ...(node.Plans ?? []).flatMap(nodeTypes)];
}

function rowsRemoved(node: PlanNode): number {
  const own = node['Rows Removed by Filter'] ?? 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRemoved(child), 0);
}

import fc from 'fast-check';
import { Client } from 'pg';

import {
  filterToSql,
  keysetToSql,
  orderByToSql,
  OrderKey,
  QueryableProperties,
} from '../../../src/common/odata';
import {
  compareRows,
  filterArbitrary,
  matchesFilter,
  orderKeysArbitrary,
  Row,
  rowsArbitrary,
} from '../../unit/odata/odata-reference';
import { operationProperties } from '../../unit/odata/operation-properties.fixture';

/**
 * Runs the SQL the engine renders on PostgreSQL and checks it against the JS models of OData's
 * semantics. Text columns use the C collation so that PostgreSQL and JS order strings alike.
 */
const properties: QueryableProperties = {
  ...operationProperties,
  'createdBy/user/displayName': {
    ...operationProperties['createdBy/user/displayName'],
    sql: `(o.created_by->'user'->>'displayName') COLLATE "C"`,
  },
};

const COLUMNS = [
  'id',
  'status',
  'action',
  'created_date_time',
  'completed_date_time',
  'percent_progress',
  'created_by',
];

/**
 * A table of this file's own rather than a TEMP one: behind a transaction-pooling PgBouncer the
 * next statement may run on another server connection, where a session's temp table is absent.
 */
const TABLE = `keyset_probe_${process.pid}_${Date.now()}`;

let client: Client;

beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it');
  }
  client = new Client(url);
  await client.connect();
  await client.query(`
    CREATE UNLOGGED TABLE ${TABLE} (
      id uuid PRIMARY KEY,
      status text COLLATE "C" NOT NULL,
      action text COLLATE "C" NOT NULL,
      created_date_time timestamptz(3) NOT NULL,
      completed_date_time timestamptz(3),
      percent_progress integer,
      created_by jsonb
    )`);
});

afterAll(async () => {
  await client?.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await client?.end();
});

async function load(rows: readonly Row[]): Promise<void> {
  await client.query(`TRUNCATE ${TABLE}`);
  if (rows.length === 0) {
    return;
  }

  const params = rows.flatMap((row) => [
    row.id,
    row.status,
    row.action,
    row.createdDateTime,
    row.completedDateTime,
    row.percentProgress,
    JSON.stringify({
      user: { id: row['createdBy/user/id'], displayName: row['createdBy/user/displayName'] },
    }),
  ]);
  const tuples = rows.map(
    (_, r) => `(${COLUMNS.map((_, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`,
  );
  await client.query(
    `INSERT INTO ${TABLE} (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`,
    params,
  );
}

async function selectIds(where: string, params: unknown[], order: string, limit = 1000) {
  const result = await client.query<{ id: string }>(
    `SELECT o.id FROM ${TABLE} o WHERE ${where} ${order} LIMIT ${limit}`,
    params,
  );
  return result.rows.map((row) => row.id);
}

async function readInPages(keys: OrderKey[], rows: readonly Row[], size: number) {
  const order = orderByToSql(keys, properties);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const read: string[] = [];
  let page = await selectIds('TRUE', [], order, size);

  while (page.length > 0) {
    read.push(...page);
    const last = byId.get(page[page.length - 1]);
    const cursor = keys.map((key) => last?.[key.path] ?? null);
    const seek = keysetToSql(keys, cursor, properties, 1);
    page = await selectIds(seek.sql, seek.params, order, size);
  }
  return read;
}

describe('keyset paging on PostgreSQL', () => {
  it('when a list is read page by page, then it yields every row once, in the order OData defines', async () => {
    await fc.assert(
      fc.asyncProperty(
        orderKeysArbitrary,
        rowsArbitrary,
        fc.integer({ min: 1, max: 6 }),
        async (keys, rows, size) => {
          await load(rows);
          const expected = [...rows].sort((a, b) => compareRows(keys, a, b)).map((row) => row.id);

          expect(await selectIds('TRUE', [], orderByToSql(keys, properties))).toEqual(expected);
          expect(await readInPages(keys, rows, size)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('$filter on PostgreSQL', () => {
  it('when a filter runs as SQL, then it selects exactly the rows OData semantics select', async () => {
    await fc.assert(
      fc.asyncProperty(filterArbitrary, rowsArbitrary, async (filter, rows) => {
        await load(rows);
        const { sql, params } = filterToSql(filter, properties, 1);
        const expected = rows.filter((row) => matchesFilter(filter, row)).map((row) => row.id);

        const selected = await selectIds(sql, params, 'ORDER BY o.id');
        expect(selected).toEqual([...expected].sort());
      }),
      { numRuns: 200 },
    );
  });
});

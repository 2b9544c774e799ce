import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';
const BASE = '2025-03-01T00:00:00.000Z';
const MINUTE = 60_000;
const INCLUDE_UNKNOWN = 'include-unknown-enum-members';

const STATUSES = [
  'notStarted',
  'submissionFailed',
  'running',
  'succeeded',
  'partiallySucceeded',
  'failed',
] as const;
const ACTIONS = [
  'contentExport',
  'applyTags',
  'convertToPdf',
  'index',
  'estimateStatistics',
  'addToReviewSet',
  'holdUpdate',
] as const;
const USERS = [
  '1a000000-0000-4000-8000-000000000001',
  '2b000000-0000-4000-8000-000000000002',
  '3c000000-0000-4000-8000-000000000003',
];
const APPLICATION = '4d000000-0000-4000-8000-000000000004';

/** A seeded operation as the test knows it, with the values $filter and $orderby read. */
interface Seeded {
  readonly id: string;
  readonly status: string;
  readonly action: string;
  readonly percentProgress: number;
  readonly createdDateTime: number;
  readonly completedDateTime: number | null;
  readonly 'createdBy/user/id': string | null;
  readonly 'createdBy/application/id': string | null;
}

type Value = string | number | null;
type OrderKey = readonly [keyof Seeded, 'asc' | 'desc'];

describe('operations list query options', () => {
  let app: TestApp;
  let database: Client;

  beforeAll(async () => {
    app = await startTestApp();
    database = new Client(process.env.TEST_DATABASE_URL);
    await database.connect();
  });

  afterAll(async () => {
    await database.end();
    await app.close();
  });

  const createCase = async () => {
    const response = await app
      .api()
      .post(CASES)
      .send({ displayName: `Case ${randomUUID()}` })
      .expect(201);
    return `${CASES}/${response.body.id as string}/operations`;
  };

  /** Seeds a case with `size` operations straight into the table, in one statement. */
  const seedCase = async (size: number, seed: number) => {
    const url = await createCase();
    const caseId = url.split('/')[5];
    const rows = seededOperations(size, seed);
    await database.query(
      `INSERT INTO case_operation (tenant_id, case_id, id, action, status, percent_progress,
         created_at, completed_at, created_by)
       SELECT $1, $2, r.id, r.action, r.status, r.progress, r.created_at, r.completed_at, r.created_by
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::smallint[], $7::timestamptz[],
         $8::timestamptz[], $9::jsonb[])
         AS r(id, action, status, progress, created_at, completed_at, created_by)`,
      [
        app.tenantId,
        caseId,
        rows.map((row) => row.id),
        rows.map((row) => row.action),
        rows.map((row) => row.status),
        rows.map((row) => row.percentProgress),
        rows.map((row) => new Date(row.createdDateTime)),
        rows.map((row) =>
          row.completedDateTime === null ? null : new Date(row.completedDateTime),
        ),
        rows.map((row) => JSON.stringify(identitySetOf(row))),
      ],
    );
    return { url, rows };
  };

  /** Follows every @odata.nextLink from `first` and returns the pages' bodies in order. */
  const allPages = async (first: string) => {
    const pages: Record<string, unknown>[] = [];
    let next: string | undefined = first;
    while (next !== undefined) {
      const response = await app.api().get(next).expect(200);
      pages.push(response.body);
      const link = response.body['@odata.nextLink'] as string | undefined;
      next = link === undefined ? undefined : pathAndQuery(link);
      expect(pages.length).toBeLessThan(100);
    }
    return pages;
  };

  const idsOf = (pages: Record<string, unknown>[]) =>
    pages.flatMap((page) => (page.value as { id: string }[]).map((item) => item.id));

  describe('when $filter and $orderby are followed through every page', () => {
    let seeded: { url: string; rows: Seeded[] };

    beforeAll(async () => {
      seeded = await seedCase(300, 7);
    });

    const at = (minutes: number) => new Date(Date.parse(BASE) + minutes * MINUTE).toISOString();
    const filters: [string, (row: Seeded) => boolean][] = [
      ["status eq 'running'", (row) => row.status === 'running'],
      ["status ne 'succeeded'", (row) => row.status !== 'succeeded'],
      ['percentProgress gt 50', (row) => row.percentProgress > 50],
      [
        'percentProgress ge 50 and percentProgress le 75',
        (row) => row.percentProgress >= 50 && row.percentProgress <= 75,
      ],
      [
        "percentProgress lt 10 or status eq 'failed'",
        (row) => row.percentProgress < 10 || row.status === 'failed',
      ],
      ["not (status eq 'running')", (row) => row.status !== 'running'],
      [
        "status in ('failed', 'partiallySucceeded')",
        (row) => row.status === 'failed' || row.status === 'partiallySucceeded',
      ],
      [
        "action in ('contentExport','index') and (status eq 'running' or percentProgress eq 0)",
        (row) =>
          ['contentExport', 'index'].includes(row.action) &&
          (row.status === 'running' || row.percentProgress === 0),
      ],
      ['completedDateTime eq null', (row) => row.completedDateTime === null],
      ['completedDateTime ne null', (row) => row.completedDateTime !== null],
      [
        `completedDateTime ge ${at(400)}`,
        (row) => row.completedDateTime !== null && row.completedDateTime >= minutes(400),
      ],
      [`createdDateTime lt ${at(150)}`, (row) => row.createdDateTime < minutes(150)],
      [
        'createdDateTime ge 2025-03-01T05:40:00+02:00',
        (row) => row.createdDateTime >= minutes(220),
      ],
      [`createdBy/user/id eq '${USERS[0]}'`, (row) => row['createdBy/user/id'] === USERS[0]],
      [`createdBy/user/id ne '${USERS[0]}'`, (row) => row['createdBy/user/id'] !== USERS[0]],
      ['createdBy/application/id eq null', (row) => row['createdBy/application/id'] === null],
      [
        `not (percentProgress gt 30 and completedDateTime lt ${at(300)})`,
        (row) =>
          !(
            row.percentProgress > 30 &&
            row.completedDateTime !== null &&
            row.completedDateTime < minutes(300)
          ),
      ],
    ];

    it.each(filters)('$filter=%s returns exactly the matching operations', async (filter, keep) => {
      const query = new URLSearchParams({ $filter: filter, $top: '40' });

      const pages = await allPages(`${seeded.url}?${query.toString()}`);

      const expected = sortRows(seeded.rows.filter(keep), [['createdDateTime', 'asc']]);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(seeded.rows.length);
      expect(idsOf(pages)).toEqual(expected.map((row) => row.id));
    });

    const orders: [string, OrderKey[]][] = [
      ['completedDateTime desc', [['completedDateTime', 'desc']]],
      ['completedDateTime', [['completedDateTime', 'asc']]],
      [
        'completedDateTime asc,percentProgress desc',
        [
          ['completedDateTime', 'asc'],
          ['percentProgress', 'desc'],
        ],
      ],
      [
        'percentProgress desc, createdDateTime asc',
        [
          ['percentProgress', 'desc'],
          ['createdDateTime', 'asc'],
        ],
      ],
      [
        'createdBy/user/id asc,createdDateTime desc',
        [
          ['createdBy/user/id', 'asc'],
          ['createdDateTime', 'desc'],
        ],
      ],
      ['createdBy/user/id desc', [['createdBy/user/id', 'desc']]],
      ['id desc', [['id', 'desc']]],
      [
        'createdDateTime DESC,id asc',
        [
          ['createdDateTime', 'desc'],
          ['id', 'asc'],
        ],
      ],
    ];

    it.each(orders)('$orderby=%s returns every operation in that order', async (orderBy, keys) => {
      const query = new URLSearchParams({ $orderby: orderBy, $top: '33' });

      const pages = await allPages(`${seeded.url}?${query.toString()}`);

      expect(idsOf(pages)).toEqual(sortRows(seeded.rows, keys).map((row) => row.id));
    });

    it.each(orders)('$orderby=%s with a $filter pages in that order', async (orderBy, keys) => {
      const filter = "status ne 'running' and percentProgress le 90";
      const query = new URLSearchParams({ $filter: filter, $orderby: orderBy, $top: '21' });

      const pages = await allPages(`${seeded.url}?${query.toString()}`);

      const kept = seeded.rows.filter(
        (row) => row.status !== 'running' && row.percentProgress <= 90,
      );
      expect(idsOf(pages)).toEqual(sortRows(kept, keys).map((row) => row.id));
    });

    it('$select=id,status returns only those properties and the annotations', async () => {
      const response = await app.api().get(`${seeded.url}?$select=id,status&$top=3`).expect(200);

      expect(response.body['@odata.context']).toMatch(/\/operations\(id,status\)$/);
      expect(response.body.value).toHaveLength(3);
      for (const item of response.body.value) {
        expect(Object.keys(item).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'status']);
      }
      const next = await app.api().get(pathAndQuery(response.body['@odata.nextLink'])).expect(200);
      expect(Object.keys(next.body.value[0]).sort()).toEqual([
        '@odata.etag',
        '@odata.type',
        'id',
        'status',
      ]);
    });
  });

  describe('when a large collection is paged', () => {
    let seeded: { url: string; rows: Seeded[] };

    beforeAll(async () => {
      seeded = await seedCase(2000, 11);
    });

    const everything = () => true;
    const cases: [string, string, OrderKey[], (row: Seeded) => boolean][] = [
      ['', '', [['createdDateTime', 'asc']], everything],
      ['percentProgress desc', '', [['percentProgress', 'desc']], everything],
      [
        'completedDateTime asc',
        "status ne 'failed'",
        [['completedDateTime', 'asc']],
        (row) => row.status !== 'failed',
      ],
      [
        'createdBy/user/id desc,percentProgress asc',
        'percentProgress ge 20',
        [
          ['createdBy/user/id', 'desc'],
          ['percentProgress', 'asc'],
        ],
        (row) => row.percentProgress >= 20,
      ],
    ];

    it.each(cases)(
      "with $orderby '%s' and $filter '%s', then every row comes once and every page counts them",
      async (orderBy, filter, keys, keep) => {
        const query = new URLSearchParams({ $top: '137', $count: 'true' });
        if (orderBy !== '') query.set('$orderby', orderBy);
        if (filter !== '') query.set('$filter', filter);

        const pages = await allPages(`${seeded.url}?${query.toString()}`);

        const expected = sortRows(seeded.rows.filter(keep), keys).map((row) => row.id);
        const ids = idsOf(pages);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expected);
        expect(pages.map((page) => page['@odata.count'])).toEqual(pages.map(() => expected.length));
        expect(pages).toHaveLength(Math.ceil(expected.length / 137));
      },
    );

    it.each<[string, (row: Seeded) => boolean]>([
      ['', everything],
      ["status eq 'running'", (row) => row.status === 'running'],
      [
        'completedDateTime eq null and percentProgress gt 40',
        (row) => row.completedDateTime === null && row.percentProgress > 40,
      ],
    ])("/$count with $filter '%s' is text/plain and equals the matches", async (filter, keep) => {
      const query = new URLSearchParams(filter === '' ? {} : { $filter: filter });

      const counted = await app.api().get(`${seeded.url}/$count?${query.toString()}`).expect(200);
      query.set('$count', 'true');
      const listed = await app.api().get(`${seeded.url}?${query.toString()}`).expect(200);

      expect(counted.headers['content-type']).toMatch(/^text\/plain/);
      expect(counted.text).toBe(String(seeded.rows.filter(keep).length));
      expect(listed.body['@odata.count']).toBe(seeded.rows.filter(keep).length);
    });
  });

  describe('when a query option cannot be honoured', () => {
    let url: string;
    let nextLink: string;

    beforeAll(async () => {
      ({ url } = await seedCase(12, 3));
      const page = await app.api().get(`${url}?$top=5&$filter=percentProgress ge 0`).expect(200);
      nextLink = pathAndQuery(page.body['@odata.nextLink']);
    });

    const tokenOf = (link: string) =>
      new URL(link, 'http://x').searchParams.get('$skiptoken') ?? '';
    const flipped = (token: string) => {
      const at = Math.floor(token.length / 3);
      const replacement = token[at] === 'A' ? 'B' : 'A';
      return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
    };

    it.each<[string, () => string]>([
      ['a syntax error in $filter', () => "$filter=status eq 'running' and"],
      ['an unknown property in $filter', () => "$filter=colour eq 'red'"],
      ['a literal of the wrong type', () => "$filter=percentProgress eq 'ten'"],
      ['an unknown property in $orderby', () => '$orderby=colour desc'],
      ['$top=1001', () => '$top=1001'],
      ['$top=0', () => '$top=0'],
      ['$skip=-1', () => '$skip=-1'],
      ['an unknown $expand', () => '$expand=case'],
      ['$skip with $skiptoken', () => `${nextLink.split('?')[1]}&$skip=1`],
      [
        'a tampered $skiptoken',
        () => nextLink.split('?')[1].replace(tokenOf(nextLink), flipped(tokenOf(nextLink))),
      ],
      [
        'a $skiptoken with another $filter',
        () => `$top=5&$filter=percentProgress ge 1&$skiptoken=${tokenOf(nextLink)}`,
      ],
    ])('%s answers 400 in Graph error shape', async (_, query) => {
      const response = await app.api().get(`${url}?${query()}`).expect(400);

      expect(response.body.error).toMatchObject({
        code: 'badRequest',
        message: expect.any(String),
        innerError: {
          'request-id': response.headers['request-id'],
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        },
      });
    });

    it('the untampered next link still works', async () => {
      const response = await app.api().get(nextLink).expect(200);

      expect(response.body.value).toHaveLength(5);
    });
  });

  describe('when option names omit the $ or use another case', () => {
    let url: string;
    let rows: Seeded[];

    beforeAll(async () => {
      ({ url, rows } = await seedCase(6, 5));
    });

    const firstIds = (count: number) =>
      sortRows(rows, [['createdDateTime', 'asc']])
        .slice(0, count)
        .map((row) => row.id);

    it.each(['top=2', '$TOP=2', 'Top=2'])('%s returns two operations', async (query) => {
      const response = await app.api().get(`${url}?${query}`).expect(200);

      expect(response.body.value.map((item: { id: string }) => item.id)).toEqual(firstIds(2));
    });

    it('$skipToken continues where the next link points', async () => {
      const first = await app.api().get(`${url}?$top=4`).expect(200);
      const next = pathAndQuery(first.body['@odata.nextLink']).replace(
        '$skiptoken=',
        '$skipToken=',
      );

      const response = await app.api().get(next).expect(200);

      const ids = response.body.value.map((item: { id: string }) => item.id);
      expect(ids).toEqual(
        sortRows(rows, [['createdDateTime', 'asc']])
          .slice(4)
          .map((row) => row.id),
      );
    });
  });

  describe('Prefer', () => {
    it('odata.maxpagesize=5 gives pages of five and says so', async () => {
      const { url } = await seedCase(12, 9);

      const response = await app.api().get(url).set('Prefer', 'odata.maxpagesize=5').expect(200);

      expect(response.body.value).toHaveLength(5);
      expect(response.headers['preference-applied']).toBe('odata.maxpagesize=5');
      expect(response.body['@odata.nextLink']).toContain('$top=5');
    });

    it('return=minimal on a creation answers 204 with a Location that resolves', async () => {
      const url = await createCase();

      const response = await app
        .api()
        .post(url)
        .set('Prefer', 'return=minimal')
        .send({ action: 'index' })
        .expect(204);

      expect(response.text).toBe('');
      expect(response.headers['preference-applied']).toBe('return=minimal');
      const created = await app.api().get(pathAndQuery(response.headers.location)).expect(200);
      expect(created.body.action).toBe('index');
    });

    describe('include-unknown-enum-members', () => {
      let url: string;
      let id: string;

      beforeAll(async () => {
        url = await createCase();
        const created = await app
          .api()
          .post(url)
          .set('Prefer', INCLUDE_UNKNOWN)
          .send({ action: 'purgeData' })
          .expect(201);
        id = created.body.id;
      });

      it('without it, a purgeData operation shows as the base type and unknownFutureValue', async () => {
        const response = await app.api().get(`${url}/${id}`).expect(200);
        const listed = await app.api().get(url).expect(200);

        expect(response.body).toMatchObject({
          action: 'unknownFutureValue',
          '@odata.type': '#microsoft.graph.ediscovery.caseOperation',
        });
        expect(listed.body.value[0]).toMatchObject({ id, action: 'unknownFutureValue' });
      });

      it('with it, the operation shows as purgeData of type purgeDataOperation', async () => {
        const response = await app
          .api()
          .get(`${url}/${id}`)
          .set('Prefer', INCLUDE_UNKNOWN)
          .expect(200);

        expect(response.body).toMatchObject({
          action: 'purgeData',
          '@odata.type': '#microsoft.graph.ediscovery.purgeDataOperation',
        });
        expect(response.headers['preference-applied']).toBe(INCLUDE_UNKNOWN);
      });

      it('without it, purgeData in a body or a $filter is a 400; with it, the filter finds it', async () => {
        const body = await app.api().post(url).send({ action: 'purgeData' }).expect(400);
        const filter = `?${new URLSearchParams({ $filter: "action eq 'purgeData'" }).toString()}`;
        const refused = await app.api().get(`${url}${filter}`).expect(400);
        const found = await app
          .api()
          .get(`${url}${filter}`)
          .set('Prefer', INCLUDE_UNKNOWN)
          .expect(200);

        expect(body.body.error.target).toBe('action');
        expect(refused.body.error.code).toBe('badRequest');
        expect(found.body.value.map((item: { id: string }) => item.id)).toEqual([id]);
      });

      it('unknownFutureValue as the action of an update is treated as absent', async () => {
        await app.api().patch(`${url}/${id}`).send({ action: 'unknownFutureValue' }).expect(204);

        const response = await app
          .api()
          .get(`${url}/${id}`)
          .set('Prefer', INCLUDE_UNKNOWN)
          .expect(200);
        expect(response.body.action).toBe('purgeData');
      });
    });
  });
});

function pathAndQuery(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

function minutes(count: number): number {
  return Date.parse(BASE) + count * MINUTE;
}

/**
 * Sorts as OData does (nulls first ascending, last descending), then by id in the direction of
 * the last key, as caseops documents its tie-breaker.
 */
function sortRows(rows: readonly Seeded[], keys: readonly OrderKey[]): Seeded[] {
  const total: OrderKey[] = keys.some(([path]) => path === 'id')
    ? [...keys]
    : [...keys, ['id', keys.at(-1)?.[1] ?? 'asc']];
  return [...rows].sort((a, b) => {
    for (const [path, direction] of total) {
      const order = compareValues(a[path], b[path]);
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  });
}

function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Deterministic operations: a few dozen distinct creation minutes, so many rows tie. */
function seededOperations(size: number, seed: number): Seeded[] {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];

  return Array.from({ length: size }, () => {
    const status = pick(STATUSES);
    const created = minutes(Math.floor(random() * 300));
    const final = !['notStarted', 'running'].includes(status);
    const byApplication = random() < 0.2;
    return {
      id: randomUUID(),
      status,
      action: pick(ACTIONS),
      percentProgress: progressFor(status, random),
      createdDateTime: created,
      completedDateTime: final ? created + Math.floor(random() * 300) * MINUTE : null,
      'createdBy/user/id': byApplication ? null : pick(USERS),
      'createdBy/application/id': byApplication ? APPLICATION : null,
    };
  });
}

function progressFor(status: string, random: () => number): number {
  if (status === 'notStarted') return 0;
  if (status === 'succeeded') return 100;
  return Math.floor(random() * 21) * 5;
}

function identitySetOf(row: Seeded) {
  const user = row['createdBy/user/id'];
  const application = row['createdBy/application/id'];
  return {
    user: user === null ? null : { id: user, displayName: `User ${user.slice(0, 2)}` },
    application: application === null ? null : { id: application, displayName: 'Robot' },
    device: null,
  };
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

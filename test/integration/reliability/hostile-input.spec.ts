import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import { Client } from 'pg';
import request, { Response } from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';

/*
 * Hostile requests against the running service. FUZZ_RUNS scales every property (default 25
 * per property, so `npm test` stays quick); a long run sets it to thousands.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
/** A bound against hangs only: a 1 MB body can take a while on a shared machine. */
const PROPERTY_TIMEOUT_MS = 60_000 + RUNS * 500;
const CASES = '/beta/compliance/ediscovery/cases';
const EXPORT = '#microsoft.graph.ediscovery.caseExportOperation';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface HostileRequest {
  readonly method: Method;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as is, with Content-Type application/json unless the headers say otherwise. */
  readonly body?: string;
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
const UNICODE_EDGES = ['\ud800', '\udfff', '\u0000', '\u200f', '\u202e', '😀', '\ufeff', 'e\u0301'];

/** A JSON string literal, escaping every non-ASCII character so lone surrogates survive. */
const jsonString = (text: string) =>
  JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

const edgyText = fc
  .array(fc.oneof(fc.string(), fc.constantFrom(...UNICODE_EDGES)), { maxLength: 6 })
  .map((parts) => parts.join(''));

const hugeText = fc
  .constantFrom(300, 5000, 1_100_000)
  .chain((length) => fc.constantFrom('a', '😀', '\ud800').map((char) => char.repeat(length)));

const deepNesting = fc
  .tuple(fc.constantFrom(100, 1000, 10_000), fc.constantFrom('object', 'array'))
  .map(([depth, kind]) =>
    kind === 'object'
      ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
      : `${'['.repeat(depth)}${']'.repeat(depth)}`,
  );

/** Any JSON value as text, scalar or not, including the nasty ones. */
const jsonValue: fc.Arbitrary<string> = fc.oneof(
  fc.json(),
  edgyText.map(jsonString),
  hugeText.map(jsonString),
  deepNesting,
  fc.constantFrom('1e309', '-0', '9007199254740993', 'null', 'true', '[]', '{}', '""'),
);

const propertyName = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.constantFrom(
    'displayName',
    'status',
    'action',
    'percentProgress',
    'resultInfo',
    '@odata.type',
  ),
  fc.constantFrom('description', 'externalId', 'completedDateTime', 'exportOptions', 'id'),
  edgyText,
);

const jsonObject = (entries: fc.Arbitrary<[string, string][]>) =>
  entries.map(
    (pairs) => `{${pairs.map(([name, value]) => `${jsonString(name)}:${value}`).join(',')}}`,
  );

/** A body sure to be refused: it always carries a property no write route knows. */
const invalidBody = fc
  .tuple(
    fc.array(fc.tuple(propertyName, jsonValue), { maxLength: 4 }),
    fc.oneof(
      fc.constantFrom(...PROTOTYPE_KEYS),
      fc.string().map((name) => `unknown-${name}`),
    ),
    jsonValue,
  )
  .chain(([pairs, unknown, value]) =>
    fc.shuffledSubarray([...pairs, [unknown, value] as [string, string]], {
      minLength: pairs.length + 1,
    }),
  )
  .chain((pairs) => jsonObject(fc.constant(pairs)));

/** A body that may or may not be valid. */
const anyBody = fc.oneof(
  jsonValue,
  jsonObject(fc.array(fc.tuple(propertyName, jsonValue), { maxLength: 5 })),
  fc.constantFrom('{"displayName":"x"', '{,}', "{'a':1}", '', '\u0000', '{"a":1}{"b":2}'),
  invalidBody,
);

const garbageHeader = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  fc.constantFrom('*', 'W/"1"', '"1"', 'W/"999999999999"', 'return=minimal', 'x'.repeat(300)),
  fc.constantFrom('odata.maxpagesize=0', 'odata.maxpagesize=-1', 'include-unknown-enum-members'),
);

const randomHeaders = fc.dictionary(
  fc.constantFrom('If-Match', 'If-None-Match', 'Prefer', 'Idempotency-Key', 'client-request-id'),
  garbageHeader,
  { maxKeys: 4 },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/merge-patch+json',
  'multipart/form-data; boundary=x',
);

const pathId = fc.oneof(
  fc.uuid(),
  fc.constantFrom('%00', '..', '%2e%2e', '%', '%zz', '%ff%fe', 'a'.repeat(5000), "'", '%27%3B'),
  fc.string().map(encodeURIComponent),
);

const odataOption = fc.constantFrom(
  '$filter',
  '$orderby',
  '$skiptoken',
  '$skipToken',
  'skiptoken',
  '$top',
  '$skip',
  '$select',
  '$count',
  '$expand',
  '$search',
  'unknown',
  '$filter[]',
  '$top[a]',
);

const optionValue = fc.oneof(
  fc.string().map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%00', '%ff', '-1', '1e9', '99999999999999999999', 'true'),
  fc.constantFrom("status eq 'running'", "startswith(displayName,'a')", 'createdDateTime desc'),
  fc.constantFrom("status eq '", '((((((((((', 'id eq ' + "'x'".repeat(2000), 'not not not'),
  fc.string({ maxLength: 40 }).map((text) => Buffer.from(text).toString('base64url')),
);

const queryString = fc
  .array(fc.tuple(odataOption, optionValue), { maxLength: 5 })
  .map((pairs) => pairs.map(([name, value]) => `${name}=${value.replace(/ /g, '%20')}`).join('&'));

describe('hostile input', () => {
  let app: TestApp;
  let database: Client;
  let caseId: string;
  let operationId: string;

  beforeAll(async () => {
    app = await startTestApp({ rateLimitTenantPerMinute: 10_000_000 });
    await app.app.listen(0, '127.0.0.1');
    database = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await database.connect();

    const created = await app
      .api()
      .post(CASES)
      .send({ displayName: `Hostile ${randomUUID()}` })
      .expect(201);
    caseId = created.body.id;
    const operation = await app
      .api()
      .post(`${CASES}/${caseId}/operations`)
      .send({ '@odata.type': EXPORT, status: 'running', description: 'seed' })
      .expect(201);
    operationId = operation.body.id;
  }, 60_000);

  afterAll(async () => {
    await database.end();
    await app.close();
  });

  const send = async (hostile: HostileRequest): Promise<Response> => {
    const bearer = `Bearer ${await app.token()}`;
    let call = request(app.app.getHttpServer())
      [hostile.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](hostile.path)
      .set('Authorization', bearer)
      .timeout(30_000);
    if (hostile.body !== undefined) call = call.set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(hostile.headers)) call = call.set(name, value);
    return hostile.body === undefined ? call : call.send(hostile.body);
  };

  /** What every answer must be: no server error, and any refusal in Graph's error body. */
  const expectWellFormed = (response: Response, hostile: HostileRequest) => {
    const sent = `${hostile.method} ${hostile.path.slice(0, 200)}`;
    const where = `${response.status} ${sent} ${response.text?.slice(0, 300)}`;
    expect({ where, status: response.status < 500 }).toEqual({ where, status: true });
    if (response.status < 400) return;

    const error = response.body?.error;
    expect({ where, code: typeof error?.code, message: typeof error?.message }).toEqual({
      where,
      code: 'string',
      message: 'string',
    });
    expect(error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(error.innerError['request-id']).toBe(response.headers['request-id']);
  };

  const snapshot = async () => {
    const cases = await database.query(
      'SELECT * FROM ediscovery_case WHERE tenant_id = $1 ORDER BY id',
      [app.tenantId],
    );
    const operations = await database.query(
      'SELECT * FROM case_operation WHERE tenant_id = $1 ORDER BY id',
      [app.tenantId],
    );
    return JSON.stringify({ cases: cases.rows, operations: operations.rows });
  };

  const writeRoutes = () => [
    { method: 'POST' as const, path: CASES },
    { method: 'PATCH' as const, path: `${CASES}/${caseId}` },
    { method: 'POST' as const, path: `${CASES}/${caseId}/operations` },
    { method: 'PATCH' as const, path: `${CASES}/${caseId}/operations/${operationId}` },
  ];

  const runProperty = (property: fc.IAsyncPropertyWithHooks<[HostileRequest]>) =>
    fc.assert(property, { numRuns: RUNS, endOnFailure: true });

  it(
    'refuses invalid bodies on every write route as Graph errors, changing nothing',
    async () => {
      const before = await snapshot();
      const hostile = fc.tuple(fc.constantFrom(...writeRoutes()), invalidBody, randomHeaders);

      await runProperty(
        fc.asyncProperty(
          hostile.map(([route, body, headers]) => ({ ...route, body, headers })),
          async (attempt) => {
            const response = await send(attempt);
            expectWellFormed(response, attempt);
            expect(response.status).toBeGreaterThanOrEqual(400);
          },
        ),
      );

      await expect(snapshot()).resolves.toBe(before);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'refuses valid bodies with a bad Content-Type, key or path id, changing nothing',
    async () => {
      const before = await snapshot();
      const badHeader = fc.oneof(
        contentType
          .filter((type) => !type.endsWith('json') && !type.startsWith('application/json'))
          .map((type) => ({ 'Content-Type': type })),
        fc
          .constantFrom('', 'k'.repeat(256), 'tab\there')
          .map((key) => ({ 'Idempotency-Key': key })),
      );
      const badPath = fc
        .tuple(pathId.filter((id) => !/^[0-9a-f-]{36}$/.test(id) && !/^(\.\.|%2e%2e)$/i.test(id)))
        .map(([id]) => ({
          method: 'POST' as const,
          path: `${CASES}/${id}/operations`,
          headers: {},
          body: '{"action":"index"}',
        }));
      const badHeaders = fc
        .tuple(fc.constantFrom(...writeRoutes()), badHeader)
        .map(([route, headers]) => ({
          ...route,
          headers,
          body: route.path === CASES ? `{"displayName":"h-${randomUUID()}"}` : '{"action":"index"}',
        }));

      await runProperty(
        fc.asyncProperty(fc.oneof(badHeaders, badPath), async (attempt) => {
          const response = await send(attempt);
          expectWellFormed(response, attempt);
          expect(response.status).toBeGreaterThanOrEqual(400);
        }),
      );

      await expect(snapshot()).resolves.toBe(before);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answers any mix of methods, paths, query strings, headers and bodies without a 5xx',
    async () => {
      const path = fc
        .tuple(
          fc.constantFrom('cases', 'case', 'operations', 'operation', 'count', 'close'),
          pathId,
          pathId,
          queryString,
        )
        .map(([shape, first, second, query]) => {
          const known = { first: caseId, second: operationId };
          const id = shape.startsWith('case') && shape !== 'cases' ? first : known.first;
          const paths: Record<string, string> = {
            cases: CASES,
            case: `${CASES}/${id}`,
            operations: `${CASES}/${first === '..' ? known.first : first}/operations`,
            operation: `${CASES}/${known.first}/operations/${second}`,
            count: `${CASES}/${first}/operations/$count`,
            close: `${CASES}/${first}/close`,
          };
          return query === '' ? paths[shape] : `${paths[shape]}?${query}`;
        });
      const hostile = fc
        .tuple(
          fc.constantFrom<Method>('GET', 'POST', 'PATCH', 'DELETE'),
          path,
          randomHeaders,
          fc.option(anyBody, { nil: undefined }),
          fc.option(contentType, { nil: undefined }),
        )
        .map(([method, target, headers, body, type]) => ({
          method,
          path: target,
          headers: type === undefined ? headers : { ...headers, 'Content-Type': type },
          body: method === 'GET' || method === 'DELETE' ? undefined : body,
        }));

      await runProperty(
        fc.asyncProperty(hostile, async (attempt) => {
          expectWellFormed(await send(attempt), attempt);
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it.each([
    ['a prototype name at the top', 'PATCH', '{"__proto__":{"displayName":"x"}}'],
    ['constructor beside a valid property', 'POST', '{"displayName":"y","constructor":{}}'],
    ['a prototype name nested', 'POST', '{"displayName":"z","resultInfo":{"prototype":1}}'],
    ['a NUL character', 'POST', '{"displayName":"nul\\u0000here"}'],
    ['a lone surrogate', 'POST', '{"displayName":"half \\ud800 pair"}'],
    ['10,000 levels of nesting', 'POST', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
  ])('when a body carries %s, then 400 in Graph error body', async (_, method, body) => {
    const before = await snapshot();
    const path = method === 'PATCH' ? `${CASES}/${caseId}` : CASES;
    const attempt: HostileRequest = { method: method as Method, path, headers: {}, body };

    const response = await send(attempt);

    expectWellFormed(response, attempt);
    expect(response.status).toBe(400);
    await expect(snapshot()).resolves.toBe(before);
  });

  it('when the URL is larger than the HTTP parser accepts, then 431 as a Graph error', async () => {
    const attempt: HostileRequest = {
      method: 'GET',
      path: `${CASES}/${'a'.repeat(20_000)}`,
      headers: {},
    };

    const response = await send(attempt);

    expect(response.status).toBe(431);
    expectWellFormed(response, attempt);
  });
});

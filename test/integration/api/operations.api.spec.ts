import { randomUUID } from 'node:crypto';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';
const EXPORT = '#microsoft.graph.ediscovery.caseExportOperation';

describe('operations API', () => {
  let app: TestApp;
  let caseId: string;
  let operations: string;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(async () => {
    const response = await app
      .api()
      .post(CASES)
      .send({ displayName: `Case ${randomUUID()}` })
      .expect(201);
    caseId = response.body.id;
    operations = `${CASES}/${caseId}/operations`;
  });

  const create = async (body: object = { action: 'applyTags' }) =>
    (await app.api().post(operations).send(body).expect(201)).body;

  it('creates an operation with its derived type, defaults and Location', async () => {
    const response = await app.api().post(operations).send({ action: 'contentExport' }).expect(201);

    expect(response.body).toMatchObject({
      '@odata.type': EXPORT,
      '@odata.etag': 'W/"1"',
      status: 'notStarted',
      percentProgress: 0,
      completedDateTime: null,
      action: 'contentExport',
      resultInfo: null,
      outputName: null,
      exportStructure: null,
    });
    expect(response.body['@odata.context']).toMatch(
      new RegExp(`#compliance/ediscovery/cases\\('${caseId}'\\)/operations/\\$entity$`),
    );
    expect(response.headers.location).toMatch(new RegExp(`${operations}/${response.body.id}$`));
    expect(response.body.createdBy.user.id).toBeDefined();
  });

  it('infers the action from a derived @odata.type and stores its extra properties', async () => {
    const body = await create({
      '@odata.type': '#microsoft.graph.ediscovery.estimateStatisticsOperation',
      status: 'running',
      percentProgress: 10,
      indexedItemCount: 9_007_199_254_740_991,
      mailboxCount: 12,
    });

    expect(body).toMatchObject({
      action: 'estimateStatistics',
      status: 'running',
      percentProgress: 10,
      indexedItemCount: 9_007_199_254_740_991,
      mailboxCount: 12,
      siteCount: null,
    });
    const stored = await app.api().get(`${operations}/${body.id}`).expect(200);
    expect(stored.body.indexedItemCount).toBe(9_007_199_254_740_991);
  });

  it('walks an operation from notStarted to succeeded and records its result', async () => {
    const created = await create({ action: 'index' });
    const url = `${operations}/${created.id}`;

    await app.api().patch(url).send({ status: 'running', percentProgress: 20 }).expect(204);
    await app.api().patch(url).send({ percentProgress: 70 }).expect(204);
    const done = await app
      .api()
      .patch(url)
      .set('Prefer', 'return=representation')
      .send({ status: 'succeeded', resultInfo: { code: 0, message: 'Indexed', subcode: 0 } })
      .expect(200);

    expect(done.body).toMatchObject({
      status: 'succeeded',
      percentProgress: 100,
      resultInfo: { code: 0, message: 'Indexed', subcode: 0 },
      '@odata.etag': 'W/"4"',
    });
    expect(Date.parse(done.body.completedDateTime)).toBeGreaterThanOrEqual(
      Date.parse(created.createdDateTime),
    );
  });

  it.each([
    ['move back to notStarted', { status: 'notStarted' }, 'statusTransitionRefused'],
    ['let progress fall', { percentProgress: 10 }, 'progressDecreased'],
    [
      'set completedDateTime while running',
      { completedDateTime: new Date().toISOString() },
      'completionTimeBeforeFinish',
    ],
    [
      'record a result while running',
      { resultInfo: { code: 1, message: null, subcode: 0 } },
      'resultBeforeFinish',
    ],
    ['change the action', { action: 'index' }, 'actionIsFixed'],
  ])('refuses to %s, and leaves the operation as it was', async (_, change, code) => {
    const created = await create({ action: 'applyTags', status: 'running', percentProgress: 40 });
    const url = `${operations}/${created.id}`;

    const response = await app.api().patch(url).send(change);

    expect([400, 409]).toContain(response.status);
    expect(response.body.error.innerError.code).toBe(code);
    const after = await app.api().get(url).expect(200);
    expect(after.body.status).toBe('running');
    expect(after.body.percentProgress).toBe(40);
    expect(after.body['@odata.etag']).toBe('W/"1"');
  });

  it('refuses any change to a finished operation with 409, but records a late result once', async () => {
    const created = await create({ action: 'applyTags', status: 'running' });
    const url = `${operations}/${created.id}`;
    await app.api().patch(url).send({ status: 'failed' }).expect(204);

    const again = await app.api().patch(url).send({ status: 'running' }).expect(409);
    expect(again.body.error.innerError.code).toBe('operationAlreadyFinished');

    await app
      .api()
      .patch(url)
      .send({ resultInfo: { code: 7, message: 'Disk full', subcode: 2 } })
      .expect(204);
    const twice = await app
      .api()
      .patch(url)
      .send({ resultInfo: { code: 8, message: null, subcode: 0 } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.innerError.code).toBe('resultAlreadyRecorded');
  });

  it('lists operations oldest first with a next link, and counts them', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) ids.push((await create()).id);

    const first = await app.api().get(`${operations}?$top=3&$count=true`).expect(200);
    expect(first.body.value.map((operation: { id: string }) => operation.id)).toEqual(
      ids.slice(0, 3),
    );
    expect(first.body['@odata.count']).toBe(5);

    const next = new URL(first.body['@odata.nextLink']);
    const second = await app.api().get(`${next.pathname}${next.search}`).expect(200);
    expect(second.body.value.map((operation: { id: string }) => operation.id)).toEqual(
      ids.slice(3),
    );
    expect(second.body['@odata.nextLink']).toBeUndefined();

    const count = await app.api().get(`${operations}/$count`).expect(200);
    expect(count.headers['content-type']).toMatch(/^text\/plain/);
    expect(count.text).toBe('5');
  });

  it('deletes an operation', async () => {
    const created = await create();

    await app.api().delete(`${operations}/${created.id}`).expect(204);
    await app.api().get(`${operations}/${created.id}`).expect(404);
  });

  it('refuses new operations in a closed case with 409, and lists none', async () => {
    await app.api().post(`${CASES}/${caseId}/close`).expect(204);

    const response = await app.api().post(operations).send({ action: 'index' }).expect(409);
    expect(response.body.error.innerError.code).toBe('caseNotActive');
    const list = await app.api().get(operations).expect(200);
    expect(list.body.value).toEqual([]);
  });

  it('deletes the operations of a deleted case with it', async () => {
    const created = await create();
    await app.api().post(`${CASES}/${caseId}/close`).expect(204);
    await app.api().delete(`${CASES}/${caseId}`).expect(204);

    await app.api().get(`${operations}/${created.id}`).expect(404);
    await app.api().get(operations).expect(404);
  });

  describe('when the request is malformed', () => {
    it.each([
      ['no action and no type', {}, 'action'],
      ['an unknown action', { action: 'shred' }, 'action'],
      ['unknownFutureValue as the action', { action: 'unknownFutureValue' }, 'action'],
      [
        'progress as a string',
        { action: 'index', status: 'running', percentProgress: '5' },
        'percentProgress',
      ],
      [
        'fractional progress',
        { action: 'index', status: 'running', percentProgress: 5.5 },
        'percentProgress',
      ],
      [
        'progress over 100',
        { action: 'index', status: 'running', percentProgress: 101 },
        'percentProgress',
      ],
      ['a final initial status', { action: 'index', status: 'succeeded' }, 'status'],
      ['an unknown status', { action: 'index', status: 'paused' }, 'status'],
      [
        'a type that does not match the action',
        { action: 'index', '@odata.type': EXPORT },
        '@odata.type',
      ],
      [
        'an unknown @odata.type',
        { action: 'index', '@odata.type': '#microsoft.graph.user' },
        '@odata.type',
      ],
      [
        'an export property on a tag operation',
        { action: 'applyTags', outputName: 'x' },
        'outputName',
      ],
      [
        'a malformed completedDateTime',
        { action: 'index', status: 'submissionFailed', completedDateTime: '2026-02-30T00:00:00Z' },
        'completedDateTime',
      ],
      [
        'a resultInfo code out of Int32',
        {
          action: 'index',
          status: 'submissionFailed',
          resultInfo: { code: 2 ** 31, message: null, subcode: 0 },
        },
        'resultInfo/code',
      ],
      [
        'an unknown nested property',
        {
          action: 'index',
          status: 'submissionFailed',
          resultInfo: { code: 1, subcode: 0, message: null, extra: 1 },
        },
        'resultInfo/extra',
      ],
      [
        'bad export options',
        { action: 'contentExport', exportOptions: 'originalFiles,zip' },
        'exportOptions',
      ],
      ['an unknown property', { action: 'index', colour: 'red' }, 'colour'],
    ])('refuses %s with 400 naming it, and stores nothing', async (_, body, target) => {
      const response = await app.api().post(operations).send(body).expect(400);

      expect(response.body.error.code).toBe('badRequest');
      expect(response.body.error.target).toBe(target);
      const list = await app.api().get(operations).expect(200);
      expect(list.body.value).toEqual([]);
    });

    it('refuses a malformed operation id with 400 and an unknown one with 404', async () => {
      const malformed = await app.api().get(`${operations}/42`).expect(400);
      expect(malformed.body.error.target).toBe('operationId');
      const unknown = await app.api().get(`${operations}/${randomUUID()}`).expect(404);
      expect(unknown.body.error.code).toBe('itemNotFound');
    });

    it('answers 404 for the operations of an unknown case', async () => {
      const unknown = `${CASES}/${randomUUID()}/operations`;
      await app.api().get(unknown).expect(404);
      await app.api().get(`${unknown}/$count`).expect(404);
      await app.api().post(unknown).send({ action: 'index' }).expect(404);
    });
  });
});

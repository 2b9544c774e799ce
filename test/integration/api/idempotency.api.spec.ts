import { randomUUID } from 'node:crypto';

import { Client } from 'pg';
import request, { Response } from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';
const KEY = 'Idempotency-Key';

describe('Idempotency-Key on creation', () => {
  let app: TestApp;
  let database: Client;

  beforeAll(async () => {
    app = await startTestApp();
    // One listening server, so that concurrent requests really overlap.
    await app.app.listen(0, '127.0.0.1');
    database = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await database.connect();
  });

  afterAll(async () => {
    await database.end();
    await app.close();
  });

  const newKey = () => `retry-${randomUUID()}`;

  const openCase = async () => {
    const response = await app
      .api()
      .post(CASES)
      .send({ displayName: `Case ${randomUUID()}` })
      .expect(201);
    return response.body.id as string;
  };

  const operationsOf = (caseId: string) => `${CASES}/${caseId}/operations`;

  const countRows = async (sql: string, parameters: unknown[]) => {
    const result = await database.query<{ count: string }>(sql, parameters);
    return Number(result.rows[0].count);
  };

  const casesNamed = (displayName: string, tenantId = app.tenantId) =>
    countRows('SELECT count(*) FROM ediscovery_case WHERE tenant_id = $1 AND display_name = $2', [
      tenantId,
      displayName,
    ]);

  const operationsIn = (caseId: string) =>
    countRows('SELECT count(*) FROM case_operation WHERE tenant_id = $1 AND case_id = $2', [
      app.tenantId,
      caseId,
    ]);

  const answer = (response: Response) => ({
    status: response.status,
    body: response.text,
    location: response.headers.location,
    etag: response.headers.etag,
    preferenceApplied: response.headers['preference-applied'],
  });

  it('when a case creation is retried with its key, then it replays; one case exists', async () => {
    const key = newKey();
    const body = { displayName: `Case ${randomUUID()}`, externalId: 'EXT-1' };

    const first = await app.api().post(CASES).set(KEY, key).send(body).expect(201);
    const retry = await app.api().post(CASES).set(KEY, key).send(body);

    expect(answer(retry)).toEqual(answer(first));
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    await expect(casesNamed(body.displayName)).resolves.toBe(1);
  });

  it('when an operation creation is retried, then status, body and headers replay', async () => {
    const caseId = await openCase();
    const key = newKey();
    const send = () =>
      app
        .api()
        .post(operationsOf(caseId))
        .set(KEY, key)
        .send({ status: 'running', action: 'contentExport', percentProgress: 5 });

    const first = await send().expect(201);
    const retry = await send();

    expect(answer(retry)).toEqual(answer(first));
    expect(retry.body.id).toBe(first.body.id);
    await expect(operationsIn(caseId)).resolves.toBe(1);
  });

  it('when a minimal creation is retried, then 204 and Preference-Applied replay', async () => {
    const caseId = await openCase();
    const key = newKey();
    const send = () =>
      app
        .api()
        .post(operationsOf(caseId))
        .set(KEY, key)
        .set('Prefer', 'return=minimal')
        .send({ action: 'index' });

    const first = await send().expect(204);
    const retry = await send();

    expect(answer(retry)).toEqual(answer(first));
    expect(retry.headers['preference-applied']).toBe('return=minimal');
    await expect(operationsIn(caseId)).resolves.toBe(1);
  });

  it('when properties come in another order, then it is the same request', async () => {
    const caseId = await openCase();
    const key = newKey();

    const first = await app
      .api()
      .post(operationsOf(caseId))
      .set(KEY, key)
      .send({ action: 'index', status: 'running', percentProgress: 3 })
      .expect(201);
    const retry = await app
      .api()
      .post(operationsOf(caseId))
      .set(KEY, key)
      .send({ percentProgress: 3, status: 'running', action: 'index' })
      .expect(201);

    expect(retry.body).toEqual(first.body);
  });

  it('when the key is reused with another body, then 422 and nothing is created', async () => {
    const caseId = await openCase();
    const key = newKey();
    await app.api().post(operationsOf(caseId)).set(KEY, key).send({ action: 'index' }).expect(201);

    const reused = await app
      .api()
      .post(operationsOf(caseId))
      .set(KEY, key)
      .send({ action: 'applyTags' })
      .expect(422);

    expect(reused.body.error).toMatchObject({ code: 'unprocessableEntity', target: KEY });
    expect(reused.body.error.message).toMatch(/another request body or route/);
    await expect(operationsIn(caseId)).resolves.toBe(1);
  });

  it('when the key is reused on another route, then 422', async () => {
    const key = newKey();
    const caseId = await openCase();
    await app.api().post(operationsOf(caseId)).set(KEY, key).send({ action: 'index' }).expect(201);
    const otherCase = await openCase();

    const onOtherCase = await app
      .api()
      .post(operationsOf(otherCase))
      .set(KEY, key)
      .send({ action: 'index' });
    const onCases = await app
      .api()
      .post(CASES)
      .set(KEY, key)
      .send({ displayName: `Case ${randomUUID()}` });

    expect([onOtherCase.status, onCases.status]).toEqual([422, 422]);
    await expect(operationsIn(otherCase)).resolves.toBe(0);
  });

  it('when another tenant sends the same key, then its creation is independent', async () => {
    const other = await startTestApp();
    const key = newKey();
    const displayName = `Case ${randomUUID()}`;

    try {
      const mine = await app.api().post(CASES).set(KEY, key).send({ displayName }).expect(201);
      const theirs = await other.api().post(CASES).set(KEY, key).send({ displayName }).expect(201);

      expect(theirs.body.id).not.toBe(mine.body.id);
      await expect(casesNamed(displayName, other.tenantId)).resolves.toBe(1);
      await expect(casesNamed(displayName)).resolves.toBe(1);
    } finally {
      await other.close();
    }
  });

  it('when 20 requests with one key race, then one operation exists and all get 201', async () => {
    const caseId = await openCase();
    const key = newKey();
    const bearer = `Bearer ${await app.token()}`;
    const server = app.app.getHttpServer();

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(server)
          .post(operationsOf(caseId))
          .set('Authorization', bearer)
          .set(KEY, key)
          .send({ action: 'contentExport', status: 'running' }),
      ),
    );

    const answers = responses.map(answer);
    expect(answers.map((each) => each.status)).toEqual(Array<number>(20).fill(201));
    expect(new Set(answers.map((each) => JSON.stringify(each))).size).toBe(1);
    await expect(operationsIn(caseId)).resolves.toBe(1);
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['not ASCII', 'clé'],
    ['empty', ''],
  ])('when the key is %s, then 400 names the header', async (_, key) => {
    const displayName = `Case ${randomUUID()}`;

    const refused = await app.api().post(CASES).set(KEY, key).send({ displayName }).expect(400);

    expect(refused.body.error).toMatchObject({ code: 'badRequest', target: KEY });
    await expect(casesNamed(displayName)).resolves.toBe(0);
  });

  it('accepts a key of exactly 255 printable characters', async () => {
    const key = `${'~ '.repeat(127)}!`;

    await app
      .api()
      .post(CASES)
      .set(KEY, key)
      .send({ displayName: `Case ${randomUUID()}` })
      .expect(201);
  });

  it('when two identical creations carry no key, then both create', async () => {
    const caseId = await openCase();

    await app.api().post(operationsOf(caseId)).send({ action: 'index' }).expect(201);
    await app.api().post(operationsOf(caseId)).send({ action: 'index' }).expect(201);

    await expect(operationsIn(caseId)).resolves.toBe(2);
  });

  it('when a key has expired, then it is treated as new', async () => {
    const caseId = await openCase();
    const key = newKey();
    await app.api().post(operationsOf(caseId)).set(KEY, key).send({ action: 'index' }).expect(201);
    await database.query(
      `UPDATE idempotency_key SET created_at = now() - interval '25 hours'
       WHERE tenant_id = $1 AND key = $2`,
      [app.tenantId, key],
    );

    const again = await app
      .api()
      .post(operationsOf(caseId))
      .set(KEY, key)
      .send({ action: 'applyTags' })
      .expect(201);

    expect(again.body.action).toBe('applyTags');
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    await expect(operationsIn(caseId)).resolves.toBe(2);
  });

  it('when a creation with a key fails, then a retry with the key can succeed', async () => {
    const caseId = await openCase();
    const key = newKey();
    await app.api().post(`${CASES}/${caseId}/close`).expect(204);

    await app.api().post(operationsOf(caseId)).set(KEY, key).send({ action: 'index' }).expect(409);
    await app.api().post(`${CASES}/${caseId}/reopen`).expect(204);
    await app.api().post(operationsOf(caseId)).set(KEY, key).send({ action: 'index' }).expect(201);

    await expect(operationsIn(caseId)).resolves.toBe(1);
  });
});

import { randomUUID } from 'node:crypto';

import { Test } from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';
const RUNNING_EXPORT = {
  '@odata.type': '#microsoft.graph.ediscovery.caseExportOperation',
  status: 'running',
  percentProgress: 5,
};

describe('concurrent requests', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    // One listening server for every request, so concurrent requests share it.
    await app.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
  });

  const createCase = async () => {
    const response = await app
      .api()
      .post(CASES)
      .send({ displayName: `Case ${randomUUID()}` })
      .expect(201);
    return response.body as { id: string };
  };

  const createOperation = async (body: object = RUNNING_EXPORT) => {
    const created = await createCase();
    const operations = `${CASES}/${created.id}/operations`;
    const response = await app.api().post(operations).send(body).expect(201);
    return {
      url: `${operations}/${response.body.id as string}`,
      etag: response.headers.etag,
    };
  };

  const versionOf = (etag: string) => Number(/^W\/"(\d+)"$/.exec(etag)?.[1]);

  it('when 20 updates send the same If-Match, then exactly one applies and 19 get 412', async () => {
    const { url, etag } = await createOperation();

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        app
          .api()
          .patch(url)
          .set('If-Match', etag)
          .send({ percentProgress: 10 + index }),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([204, ...Array<number>(19).fill(412)]);
    for (const response of responses.filter((candidate) => candidate.status === 412)) {
      expect(response.body.error.code).toBe('preconditionFailed');
    }
    const winner = responses.findIndex((response) => response.status === 204);
    const stored = await app.api().get(url).expect(200);
    expect(versionOf(stored.body['@odata.etag'])).toBe(versionOf(etag) + 1);
    expect(stored.body.percentProgress).toBe(10 + winner);
  });

  it('when 20 updates without If-Match race, then none is lost', async () => {
    const { url, etag } = await createOperation();
    const descriptions = Array.from({ length: 20 }, (_, index) => `Export run ${index}`);

    const responses = await Promise.all(
      descriptions.map((description) => app.api().patch(url).send({ description })),
    );

    const applied = responses.filter((response) => response.status === 204);
    const conflicts = responses.filter((response) => response.status === 409);
    expect(applied.length + conflicts.length).toBe(20);
    for (const response of conflicts) {
      expect(response.body.error.innerError.code).toBe('concurrentChange');
    }
    const stored = await app.api().get(url).expect(200);
    expect(versionOf(stored.body['@odata.etag'])).toBe(versionOf(etag) + applied.length);
    expect(descriptions).toContain(stored.body.description);
  });

  it('when an ETag is sent back in If-None-Match, then 304 until the operation changes', async () => {
    const { url } = await createOperation();
    const first = await app.api().get(url).expect(200);
    const etag = first.headers.etag;

    const unchanged = await app.api().get(url).set('If-None-Match', etag);
    await app.api().patch(url).send({ percentProgress: 50 }).expect(204);
    const changed = await app.api().get(url).set('If-None-Match', etag);

    expect(etag).toBe(first.body['@odata.etag']);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect(changed.status).toBe(200);
    expect(changed.body.percentProgress).toBe(50);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('only entities carry an ETag: collections, counts and errors do not', async () => {
    const { url } = await createOperation();
    const collection = url.slice(0, url.lastIndexOf('/'));

    const responses = await Promise.all([
      app.api().get(collection).expect(200),
      app.api().get(`${collection}/$count`).expect(200),
      app.api().get(`${collection}/${randomUUID()}`).expect(404),
    ]);

    for (const response of responses) expect(response.headers.etag).toBeUndefined();
  });

  it('a running operation suggests Retry-After; a succeeded one does not', async () => {
    const running = await createOperation();
    const succeeded = await createOperation();
    await app.api().patch(succeeded.url).send({ status: 'succeeded' }).expect(204);

    const polled = await app.api().get(running.url).expect(200);
    const finished = await app.api().get(succeeded.url).expect(200);

    expect(polled.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(finished.body.status).toBe('succeeded');
    expect(finished.headers['retry-after']).toBeUndefined();
  });

  /**
   * Sends 30 creations into a fresh case in one burst with its close among them, and reports
   * what a client can see once everything has settled.
   */
  const closeDuringCreations = async () => {
    const created = await createCase();
    const caseUrl = `${CASES}/${created.id}`;
    const operations = `${caseUrl}/operations`;
    // then() sends the request, so they leave in this order: 10 creations, the close, 20 more.
    const sent = (test: Test) => test.then((response) => response);
    const create = () => sent(app.api().post(operations).send({ action: 'index' }));
    const before = Array.from({ length: 10 }, create);
    const close = sent(app.api().post(`${caseUrl}/close`));
    const after = Array.from({ length: 20 }, create);
    const [closed, ...creations] = await Promise.all([close, ...before, ...after]);
    const afterClose = await Promise.all([create(), create(), create()]);

    const closedCase = await app.api().get(caseUrl).expect(200);
    const listed = await app.api().get(`${operations}?$top=100&$count=true`).expect(200);
    return { closed, creations, closedCase: closedCase.body, listed: listed.body, afterClose };
  };

  it('when a case closes while 30 operations are being created, then none lands after the close', async () => {
    for (let round = 0; round < 5; round++) {
      const { closed, creations, closedCase, listed, afterClose } = await closeDuringCreations();

      expect(closed.status).toBe(204);
      expect(closedCase.status).toBe('closed');
      const statuses = creations.map((response) => response.status);
      expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
      for (const refused of creations.filter((response) => response.status === 409)) {
        expect(refused.body.error.innerError.code).toBe('caseNotActive');
      }
      const createdIds = creations
        .filter((response) => response.status === 201)
        .map((response) => response.body.id as string);
      expect(listed['@odata.count']).toBe(createdIds.length);
      expect(listed.value.map((item: { id: string }) => item.id).sort()).toEqual(createdIds.sort());
      expect(afterClose.map((response) => response.status)).toEqual([409, 409, 409]);
    }
  });
});

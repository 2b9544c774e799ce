import { randomUUID } from 'node:crypto';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';

describe('cases API', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const createCase = async (displayName = `Case ${randomUUID()}`) => {
    const response = await app.api().post(CASES).send({ displayName }).expect(201);
    return response.body as { id: string; '@odata.etag': string };
  };

  it('creates a case in Graph shape, with Location, ETag and request-id', async () => {
    const response = await app
      .api()
      .post(CASES)
      .set('client-request-id', 'tool-run-7')
      .send({ displayName: 'Contoso v. Fabrikam', description: 'Audit', externalId: 'C-1' })
      .expect(201);

    const body = response.body;
    expect(body['@odata.context']).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/beta\/\$metadata#compliance\/ediscovery\/cases\/\$entity$/,
    );
    expect(body).toMatchObject({
      '@odata.type': '#microsoft.graph.ediscovery.case',
      '@odata.etag': 'W/"1"',
      displayName: 'Contoso v. Fabrikam',
      description: 'Audit',
      externalId: 'C-1',
      status: 'active',
      closedDateTime: null,
      closedBy: null,
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(body.createdBy.user.id).toBeDefined();
    expect(response.headers.location).toBe(
      `${body['@odata.context'].split('/$metadata')[0]}/compliance/ediscovery/cases/${body.id}`,
    );
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['client-request-id']).toBe('tool-run-7');
  });

  it('ignores server-owned properties and annotations sent in a body', async () => {
    const response = await app
      .api()
      .post(CASES)
      .send({
        displayName: `Echoed ${randomUUID()}`,
        id: '11111111-1111-4111-8111-111111111111',
        status: 'closed',
        createdDateTime: '2001-01-01T00:00:00Z',
        '@odata.etag': 'W/"9"',
      })
      .expect(201);

    expect(response.body.id).not.toBe('11111111-1111-4111-8111-111111111111');
    expect(response.body.status).toBe('active');
    expect(response.body.createdDateTime).not.toBe('2001-01-01T00:00:00.000Z');
  });

  it('gets a case and answers 304 to If-None-Match with its ETag', async () => {
    const created = await createCase();

    const response = await app.api().get(`${CASES}/${created.id}`).expect(200);
    expect(response.body.id).toBe(created.id);

    await app.api().get(`${CASES}/${created.id}`).set('If-None-Match', 'W/"1"').expect(304);
  });

  it('refuses a second case with the same name (any case) with 409 nameAlreadyExists', async () => {
    const name = `Unique ${randomUUID()}`;
    await createCase(name);

    const response = await app.api().post(CASES).send({ displayName: name.toUpperCase() });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('nameAlreadyExists');
    expect(response.body.error.target).toBe('displayName');
  });

  it('updates a case with 204, or 200 and the entity under return=representation', async () => {
    const created = await createCase();

    await app.api().patch(`${CASES}/${created.id}`).send({ description: 'First' }).expect(204);
    const response = await app
      .api()
      .patch(`${CASES}/${created.id}`)
      .set('Prefer', 'return=representation')
      .send({ externalId: 'X-9' })
      .expect(200);

    expect(response.body).toMatchObject({
      description: 'First',
      externalId: 'X-9',
      '@odata.etag': 'W/"3"',
    });
    expect(response.headers['preference-applied']).toBe('return=representation');
  });

  it('closes, reopens and deletes only a closed case', async () => {
    const created = await createCase();
    const url = `${CASES}/${created.id}`;

    const refused = await app.api().delete(url).expect(409);
    expect(refused.body.error.innerError.code).toBe('caseNotClosed');

    await app.api().post(`${url}/close`).expect(204);
    const closed = await app.api().get(url).expect(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedDateTime).not.toBeNull();
    expect(closed.body.closedBy.user).not.toBeNull();

    await app.api().post(`${url}/close`).expect(409);
    await app.api().post(`${url}/reopen`).expect(204);
    await app.api().post(`${url}/reopen`).expect(409);
    await app.api().post(`${url}/close`).expect(204);

    await app.api().delete(url).expect(204);
    await app.api().get(url).expect(404);
  });

  it('answers 404 itemNotFound for an unknown case on every route', async () => {
    const url = `${CASES}/${randomUUID()}`;
    const responses = await Promise.all([
      app.api().get(url),
      app.api().patch(url).send({ description: 'x' }),
      app.api().delete(url),
      app.api().post(`${url}/close`),
      app.api().post(`${url}/reopen`),
    ]);

    for (const response of responses) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('itemNotFound');
    }
  });

  describe('when the request is malformed', () => {
    it.each([
      ['a missing displayName', {}, 'displayName'],
      ['a blank displayName', { displayName: '  ' }, 'displayName'],
      ['a number as displayName', { displayName: 5 }, 'displayName'],
      ['a displayName over 256 characters', { displayName: 'x'.repeat(257) }, 'displayName'],
      ['an unknown property', { displayName: 'A', colour: 'red' }, 'colour'],
      ['a wrong @odata.type', { displayName: 'A', '@odata.type': '#x.y' }, '@odata.type'],
    ])('refuses %s with 400 naming the property', async (_, body, target) => {
      const response = await app.api().post(CASES).send(body).expect(400);

      expect(response.body.error.code).toBe('badRequest');
      expect(response.body.error.target).toBe(target);
      expect(response.body.error.message).toContain(target);
      expect(response.body.error.innerError['request-id']).toBe(response.headers['request-id']);
      expect(response.body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await app
        .api()
        .post(CASES)
        .set('Content-Type', 'application/json')
        .send('{"displayName": ')
        .expect(400);

      expect(response.body.error.message).toBe('The request body is not valid JSON.');
    });

    it('refuses a JSON array or scalar body with 400', async () => {
      await app
        .api()
        .post(CASES)
        .send([{ displayName: 'A' }])
        .expect(400);
      await app.api().post(CASES).set('Content-Type', 'application/json').send('"A"').expect(400);
    });

    it('refuses a non-JSON content type with 415', async () => {
      const response = await app
        .api()
        .post(CASES)
        .set('Content-Type', 'text/plain')
        .send('displayName=A')
        .expect(415);

      expect(response.body.error.code).toBe('unsupportedMediaType');
    });

    it('refuses a body over 1 MB with 413', async () => {
      const response = await app
        .api()
        .post(CASES)
        .send({ displayName: 'A', description: 'x'.repeat(1_100_000) })
        .expect(413);

      expect(response.body.error.code).toBe('requestEntityTooLarge');
    });

    it('refuses a malformed case id with 400 naming the parameter', async () => {
      const response = await app.api().get(`${CASES}/not-an-id`).expect(400);
      expect(response.body.error.target).toBe('caseId');
    });

    it('leaves the stored case unchanged when an update is refused', async () => {
      const created = await createCase();
      const before = await app.api().get(`${CASES}/${created.id}`).expect(200);

      await app.api().patch(`${CASES}/${created.id}`).send({ displayName: '' }).expect(400);
      await app.api().patch(`${CASES}/${created.id}`).send({ nope: 1 }).expect(400);

      const after = await app.api().get(`${CASES}/${created.id}`).expect(200);
      expect(withoutContext(after.body)).toEqual(withoutContext(before.body));
    });
  });

  it('refuses a stale If-Match with 412 and applies a current one', async () => {
    const created = await createCase();
    const url = `${CASES}/${created.id}`;

    await app.api().patch(url).set('If-Match', 'W/"1"').send({ description: 'a' }).expect(204);
    const stale = await app
      .api()
      .patch(url)
      .set('If-Match', 'W/"1"')
      .send({ description: 'b' })
      .expect(412);

    expect(stale.body.error.code).toBe('preconditionFailed');
    expect(stale.body.error.innerError.code).toBe('entityTagDoesNotMatch');
    await app.api().patch(url).set('If-Match', '*').send({ description: 'c' }).expect(204);
  });
});

function withoutContext(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([name]) => name !== '@odata.context'));
}

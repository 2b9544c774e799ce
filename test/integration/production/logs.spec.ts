import { NestExpressApplication } from '@nestjs/platform-express';
import { DestinationStream } from 'pino';
import request from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';

/** A log destination that keeps every line the app writes. */
class CapturedLog implements DestinationStream {
  readonly text: string[] = [];

  write(line: string): void {
    this.text.push(line);
  }

  lines(): Record<string, unknown>[] {
    return this.text.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  find(predicate: (line: Record<string, unknown>) => boolean): Record<string, unknown>[] {
    return this.lines().filter(predicate);
  }
}

describe('Logs', () => {
  const log = new CapturedLog();
  let testApp: TestApp;
  let app: NestExpressApplication;
  let token: string;

  beforeAll(async () => {
    testApp = await startTestApp({ logLevel: 'info' }, { logDestination: log });
    app = testApp.app;
    token = await testApp.token();
  });

  afterAll(() => testApp.close());

  const call = () => request(app.getHttpServer());
  const createCase = async () => {
    const created = await testApp
      .api()
      .post(CASES)
      .send({ displayName: `Logs ${Date.now()} ${Math.random()}` })
      .expect(201);
    return created.body.id as string;
  };
  const requestLine = (requestId: string) =>
    log.find((line) => line.msg === 'Request completed' && line.requestId === requestId);

  it('when a request is answered, then one line has route, status, ids and tenant', async () => {
    const caseId = await createCase();

    const response = await call()
      .get(`${CASES}/${caseId}`)
      .set('Authorization', `Bearer ${token}`)
      .set('client-request-id', 'logs-spec-1')
      .expect(200);

    const requestId = response.headers['request-id'];
    const lines = requestLine(requestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      method: 'GET',
      route: `${CASES}/:caseId`,
      status: 200,
      requestId,
      clientRequestId: 'logs-spec-1',
      tenantId: testApp.tenantId,
    });
    expect(lines[0].durationMs).toEqual(expect.any(Number));
    expect(JSON.stringify(lines[0])).not.toContain(caseId);
  });

  it('never writes the bearer token, cookies or the request body', async () => {
    await call()
      .post(CASES)
      .set('Authorization', `Bearer ${token}`)
      .set('Cookie', 'session=cookie-secret-value')
      .send({ displayName: 'body-secret-value' })
      .expect(201);
    await call()
      .get(`${CASES}?$filter=displayName eq 'query-secret-value'`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);

    const output = log.text.join('');
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[2]);
    expect(output).not.toContain('cookie-secret-value');
    expect(output).not.toContain('body-secret-value');
    expect(output).not.toContain('query-secret-value');
  });

  it('when a request is refused before routing, then it still gets its line', async () => {
    const response = await call()
      .post(CASES)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/plain')
      .send('not json')
      .expect(415);

    const requestId = response.headers['request-id'];
    expect(requestLine(requestId)).toEqual([
      expect.objectContaining({ method: 'POST', status: 415 }),
    ]);
    expect(log.find((line) => line.msg === 'Refused request')).toContainEqual(
      expect.objectContaining({ status: 415, requestId }),
    );
  });

  it('when a request has no token, then its line has the status and no tenant', async () => {
    const response = await call().get(CASES).expect(401);

    const [line] = requestLine(response.headers['request-id']);
    expect(line).toMatchObject({ route: CASES, status: 401 });
    expect(line).not.toHaveProperty('tenantId');
  });

  it('when an operation changes status, then a line has it, from, to and request id', async () => {
    const caseId = await createCase();
    const operations = `${CASES}/${caseId}/operations`;
    const created = await testApp.api().post(operations).send({ action: 'index' }).expect(201);
    const operationId = created.body.id as string;

    const patched = await testApp
      .api()
      .patch(`${operations}/${operationId}`)
      .send({ status: 'running' })
      .expect(204);

    const changes = log.find((line) => line.msg === 'Operation changed status');
    expect(changes).toContainEqual(
      expect.objectContaining({
        level: 'info',
        context: 'CaseOperationService',
        operationId,
        from: 'notStarted',
        to: 'running',
        requestId: patched.headers['request-id'],
      }),
    );
  });

  it('when a refusal is logged, then the line carries its request id', async () => {
    const response = await testApp.api().get(`${CASES}/not-a-guid`).expect(400);

    const refusals = log.find((line) => line.msg === 'Refused request');
    expect(refusals).toContainEqual(
      expect.objectContaining({ level: 'warn', requestId: response.headers['request-id'] }),
    );
  });

  it('writes no line for a Prometheus scrape', async () => {
    const before = log.text.length;

    await call().get('/metrics').expect(200);

    expect(log.find((line) => line.route === '/metrics')).toEqual([]);
    expect(log.text.length).toBe(before);
  });
});

import request from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';

describe('health probes', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const anonymous = () => request(app.app.getHttpServer());

  it('answers liveness with 200 and no token', async () => {
    const response = await anonymous().get('/health/live').expect(200);

    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('answers readiness with 200 when the database answers and the schema is current', async () => {
    const response = await anonymous().get('/health/ready').expect(200);

    expect(response.body.status).toBe('ok');
    expect(response.body.details).toEqual({
      database: { status: 'up' },
      migrations: { status: 'up', applied: expect.any(Number) },
    });
  });

  it('serves the probes outside the /beta prefix', async () => {
    await anonymous().get('/beta/health/live').expect(404);
    await anonymous().get('/beta/health/ready').expect(404);
  });

  it('leaves the probes out of the API documentation', async () => {
    const response = await anonymous().get('/docs-json').expect(200);

    expect(Object.keys(response.body.paths).filter((path) => path.includes('health'))).toEqual([]);
  });
});

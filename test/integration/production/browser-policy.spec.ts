import request from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';
const ALLOWED = 'https://review.contoso.example';

/** A browser's preflight before a cross-origin POST with a bearer token. */
const preflight = (app: TestApp, origin: string) =>
  request(app.app.getHttpServer())
    .options(CASES)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization, content-type');

describe('security headers and CORS', () => {
  describe('by default', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp();
    });

    afterAll(async () => {
      await app.close();
    });

    it('sends helmet security headers on API responses, errors included', async () => {
      const response = await request(app.app.getHttpServer()).get(CASES).expect(401);

      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    });

    it('sends security headers on the API documentation page too', async () => {
      const response = await request(app.app.getHttpServer()).get('/docs').expect(200);

      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    });

    it('when no origins are configured, then no response allows another origin', async () => {
      const answered = await app.api().get(CASES).set('Origin', ALLOWED).expect(200);
      const preflighted = await preflight(app, ALLOWED);

      expect(answered.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflighted.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS set', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp({ corsOrigins: [ALLOWED, 'http://localhost:5173'] });
    });

    afterAll(async () => {
      await app.close();
    });

    it('when an allowed origin sends a preflight, then it is allowed', async () => {
      const response = await preflight(app, ALLOWED);

      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(response.headers['access-control-allow-methods']).toContain('POST');
      expect(response.headers['access-control-allow-headers']).toContain('authorization');
    });

    it('when an allowed origin calls, then the Graph headers are exposed', async () => {
      const response = await app.api().get(CASES).set('Origin', ALLOWED).expect(200);

      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(response.headers['access-control-expose-headers']).toBe(
        'request-id,client-request-id,ETag,Location,Preference-Applied,Retry-After',
      );
    });

    it('when another origin sends a preflight, then it gets no allow header', async () => {
      const response = await preflight(app, 'https://attacker.example');

      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

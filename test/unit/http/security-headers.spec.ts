import express, { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import request from 'supertest';

import { securityHeaders } from '../../../src/common/http/browser-policy';

/** The headers a tiny app answers with when `policy` is its only middleware. */
async function headersFrom(policy: RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(policy);
  app.get('/', (_request, response) => {
    response.json({ ok: true });
  });

  const { headers } = await request(app).get('/').expect(200);
  const stable = { ...(headers as Record<string, string>) };
  delete stable.date;
  return stable;
}

describe('security headers worked out once', () => {
  it.each([
    ['default options', {}],
    [
      'options caseops uses',
      { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } },
    ],
    ['headers switched off', { frameguard: false, hsts: { maxAge: 60 } }],
  ])('sends exactly what helmet sends, with %s', async (_name, options) => {
    const once = await headersFrom(securityHeaders(helmet(options)));
    const perRequest = await headersFrom(helmet(options));

    expect(once).toEqual(perRequest);
  });

  it('refuses at start-up a policy that depends on the request', () => {
    const perRequestNonce = helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: [
            (_request, response) =>
              `'nonce-${(response as unknown as Response).locals.nonce as string}'`,
          ],
        },
      },
    });

    expect(() => securityHeaders(perRequestNonce)).toThrow(/the same headers for every request/);
  });

  it('refuses a policy that answers with an error', () => {
    const failing: RequestHandler = (_request, _response, next) => next(new Error('no'));

    expect(() => securityHeaders(failing)).toThrow(/the same headers for every request/);
  });
});

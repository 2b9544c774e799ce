import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

import { AppConfig } from '../config/app-config';

/** Response headers a browser on another origin may read: ids, versions, links and back-off. */
export const EXPOSED_HEADERS = [
  'request-id',
  'client-request-id',
  'ETag',
  'Location',
  'Preference-Applied',
  'Retry-After',
] as const;

/**
 * Security headers on every response, the API documentation included, and CORS for the
 * configured origins only. Must run before anything that can answer a request.
 */
export function applyBrowserPolicy(app: NestExpressApplication, config: AppConfig): void {
  app.use(
    securityHeaders(
      helmet({
        // The service is often run on plain http (development, behind a TLS-terminating proxy
        // on a private network); upgrading the docs page's requests to https would break it.
        contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      }),
    ),
  );

  if (config.corsOrigins.length === 0) return;
  app.enableCors({
    origin: [...config.corsOrigins],
    exposedHeaders: [...EXPOSED_HEADERS],
    maxAge: 600,
  });
}

/**
 * helmet's headers depend on its options, not on the request, so its chain of a dozen
 * middlewares is run once at start-up and every response gets the headers it set, in one step.
 */
export function securityHeaders(policy: RequestHandler): RequestHandler {
  const headers = headersSetBy(policy);

  return (_request: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    next();
  };
}

function headersSetBy(policy: RequestHandler): [string, string][] {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: string) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  };
  let finished = false;

  try {
    policy({} as Request, response as unknown as Response, (error?: unknown) => {
      finished = error === undefined || error === null;
    });
  } catch {
    finished = false;
  }

  // A policy that reads the request or the response (a CSP nonce, say) fails on these stubs.
  if (!finished)
    throw new Error('The security header policy must set the same headers for every request');
  return [...headers];
}

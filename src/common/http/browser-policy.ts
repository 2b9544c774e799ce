import { NestExpressApplication } from '@nestjs/platform-express';
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
    helmet({
      // The service is often run on plain http (development, behind a TLS-terminating proxy
      // on a private network); upgrading the docs page's requests to https would break it.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );

  if (config.corsOrigins.length === 0) return;
  app.enableCors({
    origin: [...config.corsOrigins],
    exposedHeaders: [...EXPOSED_HEADERS],
    maxAge: 600,
  });
}

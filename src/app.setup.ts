import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { AppConfig } from './common/config/app-config';
import { HEALTH_ROUTES } from './common/health/health.module';
import { applyBrowserPolicy } from './common/http/browser-policy';
import { answerClientErrorsInGraphShape } from './common/http/client-error.handler';
import { requireJsonBody } from './common/http/content-type.middleware';
import { jsonBody } from './common/http/json-body.middleware';
import { API_PREFIX } from './common/http/links';
import { logRequests } from './common/logging/logging.module';
import { measureRequests } from './common/metrics/metrics.module';
import { METRICS_ROUTE } from './common/metrics/metrics.path';
import { requestIdMiddleware } from './common/request-context/request-id.middleware';

/** The largest JSON body caseops reads. */
export const BODY_LIMIT = '1mb';

/**
 * Everything about the HTTP application that is not a module: prefix, body parsing, request
 * ids and the API documentation. main.ts and the tests both call this, so they cannot drift.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  // Only entities are versioned (ETag from their version); Express would otherwise hash every
  // other body, collections and errors included, into an ETag that means nothing to Graph.
  app.set('etag', false);
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);

  answerClientErrorsInGraphShape(app.getHttpServer());
  app.use(requestIdMiddleware);
  logRequests(app);
  measureRequests(app);
  applyBrowserPolicy(app, config);
  app.use(requireJsonBody);
  app.use(jsonBody(BODY_LIMIT));
  app.setGlobalPrefix(API_PREFIX, { exclude: [...HEALTH_ROUTES, METRICS_ROUTE] });

  setUpApiDocs(app);
}

function setUpApiDocs(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('caseops')
      .setDescription(
        'Long-running operations of eDiscovery cases, in the Microsoft Graph beta eDiscovery ' +
          "wire format. Errors use Graph's error body; every response carries request-id.",
      )
      .setVersion('beta')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}

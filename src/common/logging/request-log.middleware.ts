import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

import { Logger } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';

import { Caller } from '../domain/caller';
import { routePattern } from '../http/route-pattern';
import { RequestContexts } from '../request-context/request-context';
import { METRICS_PATH } from '../metrics/metrics.path';

interface RequestOutcome {
  readonly responseTime?: number;
}

/**
 * Writes one line per finished request (method, route pattern, status, duration, request ids,
 * tenant) and gives the request a child logger that stamps its request id on every line.
 */
export function requestLogMiddleware(root: Logger): HttpLogger {
  return pinoHttp({
    logger: root,
    genReqId: () => RequestContexts.current()?.requestId ?? randomUUID(),
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true,
    quietResLogger: true,
    autoLogging: { ignore: isScrape },
    customLogLevel: (_request, response, error) =>
      error !== undefined || response.statusCode >= 500 ? 'error' : 'info',
    customSuccessObject: (request, response, outcome: RequestOutcome) =>
      requestSummary(request, response, outcome),
    customErrorObject: (request, response, _error, outcome: RequestOutcome) =>
      requestSummary(request, response, outcome),
    customSuccessMessage: () => 'Request completed',
    customErrorMessage: () => 'Request failed',
  });
}

/** Prometheus scrapes every few seconds; a line per scrape would drown the requests. */
function isScrape(request: IncomingMessage): boolean {
  return request.url?.split('?')[0] === METRICS_PATH;
}

function requestSummary(
  request: IncomingMessage,
  response: ServerResponse,
  outcome: RequestOutcome,
): object {
  const clientRequestId = response.getHeader('client-request-id');
  return {
    method: request.method,
    route: routePattern(request),
    status: response.statusCode,
    durationMs: outcome.responseTime,
    ...(typeof clientRequestId === 'string' && { clientRequestId }),
    tenantId: (request as { caller?: Caller }).caller?.tenantId,
  };
}

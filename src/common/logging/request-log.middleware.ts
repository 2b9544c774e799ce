import { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import { NextFunction } from 'express';
import { Logger } from 'pino';

import { Caller } from '../domain/caller';
import { routePattern } from '../http/route-pattern';
import { RequestContexts } from '../request-context/request-context';
import { METRICS_PATH } from '../metrics/metrics.path';

export type RequestLog = (
  request: IncomingMessage,
  response: ServerResponse,
  next: NextFunction,
) => void;

/**
 * Writes one line per finished request: method, route pattern, status, duration, request ids and
 * tenant. It writes straight through the root logger when the response closes, with no logger
 * object per request, since this runs on every request.
 */
export function requestLogMiddleware(root: Logger): RequestLog {
  return (request, response, next) => {
    if (isScrape(request)) return next();

    const started = performance.now();
    const requestId = RequestContexts.current()?.requestId;
    response.once('close', () => {
      const durationMs = Math.round(performance.now() - started);
      const line = { requestId, ...requestSummary(request, response, durationMs) };
      if (!response.writableFinished) root.warn(line, 'Request aborted by the client');
      else if (response.statusCode >= 500) root.error(line, 'Request failed');
      else root.info(line, 'Request completed');
    });
    next();
  };
}

/** Prometheus scrapes every few seconds; a line per scrape would drown the requests. */
function isScrape(request: IncomingMessage): boolean {
  return request.url?.split('?')[0] === METRICS_PATH;
}

function requestSummary(
  request: IncomingMessage,
  response: ServerResponse,
  durationMs: number,
): object {
  const clientRequestId = response.getHeader('client-request-id');
  return {
    method: request.method,
    route: routePattern(request),
    status: response.statusCode,
    durationMs,
    ...(typeof clientRequestId === 'string' && { clientRequestId }),
    tenantId: (request as { caller?: Caller }).caller?.tenantId,
  };
}

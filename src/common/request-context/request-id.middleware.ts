import { randomUUID } from 'node:crypto';

import { NextFunction, Request, Response } from 'express';

import { RequestContexts } from './request-context';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives every request a `request-id` (a GUID, as Graph does) and echoes a well-formed
 * `client-request-id`, so a caller can quote either when reporting a problem.
 */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction) {
  const requestId = randomUUID();
  const sent = request.header('client-request-id');
  const clientRequestId = sent !== undefined && CLIENT_REQUEST_ID.test(sent) ? sent : undefined;

  response.setHeader('request-id', requestId);
  if (clientRequestId !== undefined) response.setHeader('client-request-id', clientRequestId);

  RequestContexts.run({ requestId, clientRequestId }, next);
}

import { NextFunction, Request, Response } from 'express';

import { GraphError } from './graph-error';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** A body caseops cannot read as JSON is refused before parsing, as Graph does (415). */
export function requireJsonBody(request: Request, _: Response, next: NextFunction): void {
  if (!WITH_BODY.has(request.method) || !hasBody(request)) return next();
  if (request.is(['application/json', 'application/*+json'])) return next();

  next(
    new GraphError(415, 'unsupportedMediaType', 'The request body must be application/json.', {
      target: 'Content-Type',
    }),
  );
}

function hasBody(request: Request): boolean {
  const length = request.header('content-length');
  return (
    request.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0')
  );
}

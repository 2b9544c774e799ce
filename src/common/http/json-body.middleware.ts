import { json, NextFunction, Request, RequestHandler, Response } from 'express';

import { toGraphError } from './graph-error.mapping';

/**
 * Parses JSON bodies up to `limit`, turning the parser's refusals (malformed JSON, too large,
 * wrong charset) into Graph errors with messages of our own rather than the parser's.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = json({ limit, type: ['application/json', 'application/*+json'] });

  return (request: Request, response: Response, next: NextFunction) =>
    parse(request, response, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      next(toGraphError(error) ?? error);
    });
}

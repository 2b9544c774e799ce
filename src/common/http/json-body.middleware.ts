import { json, NextFunction, Request, RequestHandler, Response } from 'express';

import { toGraphError } from './graph-error.mapping';
import { checkJsonBody } from './json-body.guard';

/**
 * Parses JSON bodies up to `limit`, turning the parser's refusals (malformed JSON, too large,
 * wrong charset) into Graph errors with messages of our own rather than the parser's, and
 * refusing parsed bodies that are unsafe to handle (see checkJsonBody).
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = json({ limit, type: ['application/json', 'application/*+json'] });

  return (request: Request, response: Response, next: NextFunction) =>
    parse(request, response, (error?: unknown) => {
      if (error !== undefined && error !== null) return next(toGraphError(error) ?? error);
      try {
        checkJsonBody(request.body);
        next();
      } catch (refusal) {
        next(refusal);
      }
    });
}

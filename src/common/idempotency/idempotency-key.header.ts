import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { Request } from 'express';

import { GraphErrorResource } from '../http/api-errors.decorator';
import { GraphError } from '../http/graph-error';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** 1 to 255 printable ASCII characters, space included. */
const WELL_FORMED_KEY = /^[\x20-\x7e]{1,255}$/;

/** The request's idempotency key, undefined when it sent none; 400 when it is malformed. */
export function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.header(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined) return undefined;
  if (WELL_FORMED_KEY.test(key)) return key;

  throw GraphError.badRequest(
    `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 printable ASCII characters.`,
    { target: IDEMPOTENCY_KEY_HEADER },
  );
}

/** Documents the `Idempotency-Key` header of a creation route and the 422 it can answer. */
export function ApiIdempotencyKey(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes the creation safe to retry: 1-255 printable ASCII characters, unique per ' +
        'request. A retry with the same key and body within the retention (24 hours by ' +
        'default) gets the first response again and creates nothing.',
    }),
    ApiResponse({
      status: 422,
      description: 'The Idempotency-Key was already used with another body or route.',
      type: GraphErrorResource,
    }),
  );
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { Caller } from '../common/domain/caller';

/** A request that passed the auth guard. */
export interface AuthenticatedRequest extends Request {
  caller?: Caller;
}

/** The {@link Caller} the auth guard stored on the request. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;

  // Only a @Public() route has no caller, and such a route has no use for one.
  if (caller === undefined) throw new Error('@CurrentCaller() used on a route without a caller');
  return caller;
});

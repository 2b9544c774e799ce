import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

import type { AuthenticatedRequest } from '../../auth/current-caller.decorator';
import { RateLimiter } from './rate-limiter';

/**
 * Applies the rate limits to authenticated requests. Interceptors run after every guard, so the
 * tenant is known; public routes (health, metrics) have no caller and are not counted.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limiter: RateLimiter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = request.caller;
    if (caller !== undefined)
      this.limiter.admit({ tenantId: caller.tenantId, address: request.ip });

    return next.handle();
  }
}

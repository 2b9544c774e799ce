import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

import type { AuthenticatedRequest } from '../../auth/current-caller.decorator';
import { RateLimiter } from './rate-limiter';

/**
 * Applies the rate limits to authenticated requests. It is a global guard registered after the
 * authentication guard (RateLimitModule is imported after AuthModule), so the tenant is known;
 * public routes (health, metrics) have no caller and are not counted. A guard rather than an
 * interceptor keeps Nest's interceptor pipeline off every request.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = request.caller;
    if (caller !== undefined)
      this.limiter.admit({ tenantId: caller.tenantId, address: request.ip });

    return true;
  }
}

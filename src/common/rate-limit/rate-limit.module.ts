import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AppConfig } from '../config/app-config';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';
import { RequestQuotaStore } from './request-quota.store';

/**
 * Per-tenant and per-address request limits on the API; nothing at all when disabled. Import it
 * after AuthModule: its global guard must run after authentication has named the caller.
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.rateLimitEnabled) return { module: RateLimitModule };

    return {
      module: RateLimitModule,
      providers: [RequestQuotaStore, RateLimiter, { provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}

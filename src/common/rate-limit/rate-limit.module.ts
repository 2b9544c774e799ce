import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { AppConfig } from '../config/app-config';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RateLimiter } from './rate-limiter';
import { RequestQuotaStore } from './request-quota.store';

/** Per-tenant and per-address request limits on the API; nothing at all when disabled. */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.rateLimitEnabled) return { module: RateLimitModule };

    return {
      module: RateLimitModule,
      providers: [
        RequestQuotaStore,
        RateLimiter,
        { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
      ],
    };
  }
}

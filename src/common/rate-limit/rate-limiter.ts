import { Inject, Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { GraphError } from '../http/graph-error';
import { BucketCount, RequestQuotaStore } from './request-quota.store';

/** Who a request is counted against. */
export interface RequestOrigin {
  readonly tenantId: string;
  /** The client's address as Express sees it (honouring TRUST_PROXY); undefined if unknown. */
  readonly address: string | undefined;
}

/**
 * Enforces the per-tenant and per-address request limits. When the counters cannot be read it
 * lets the request through: an unavailable limiter must not become an outage of its own.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly limits: ReadonlyMap<string, number>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: RequestQuotaStore,
  ) {
    this.limits = new Map([
      ['tenant', config.rateLimitTenantPerMinute],
      ['address', config.rateLimitAddressPerMinute],
    ]);
  }

  /** Counts the request; throws 429 TooManyRequests when either bucket is over its limit. */
  async admit(origin: RequestOrigin): Promise<void> {
    const counts = await this.countOrNothing(origin);
    const exceeded = counts.find((bucket) => bucket.count > this.limitOf(bucket));
    if (exceeded !== undefined) throw tooManyRequests(exceeded);
  }

  private async countOrNothing(origin: RequestOrigin): Promise<BucketCount[]> {
    try {
      return await this.store.count([
        `tenant:${origin.tenantId}`,
        `address:${origin.address ?? 'unknown'}`,
      ]);
    } catch (error) {
      this.logger.warn({
        msg: 'Rate limiter could not count the request; letting it through',
        error: error instanceof Error ? error.message : String(error),
      });
      return [];
    }
  }

  private limitOf(bucket: BucketCount): number {
    return this.limits.get(kindOf(bucket)) ?? Number.POSITIVE_INFINITY;
  }
}

function kindOf(bucket: BucketCount): string {
  return bucket.bucket.slice(0, bucket.bucket.indexOf(':'));
}

function tooManyRequests(bucket: BucketCount): GraphError {
  const kind = kindOf(bucket);
  const seconds = String(Math.max(1, bucket.secondsLeft));
  return new GraphError(
    429,
    'TooManyRequests',
    `Too many requests from this ${kind} in the current minute; retry after ${seconds} seconds.`,
    { headers: { 'Retry-After': seconds }, innerCode: `${kind}RateLimitExceeded` },
  );
}

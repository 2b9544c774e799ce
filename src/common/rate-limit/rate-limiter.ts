import { Inject, Injectable } from '@nestjs/common';

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
 * Enforces the per-tenant and per-address request limits. Counting never waits on the
 * database: when the shared counters cannot be reached, each replica limits on its own counts.
 */
@Injectable()
export class RateLimiter {
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
  admit(origin: RequestOrigin): void {
    const counts = this.store.count([
      `tenant:${origin.tenantId}`,
      `address:${origin.address ?? 'unknown'}`,
    ]);
    const exceeded = counts.find((bucket) => bucket.count > this.limitOf(bucket));
    if (exceeded !== undefined) throw tooManyRequests(exceeded);
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

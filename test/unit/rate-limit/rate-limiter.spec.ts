import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { loadAppConfig } from '../../../src/common/config/app-config';
import { GraphError } from '../../../src/common/http/graph-error';
import { RateLimiter } from '../../../src/common/rate-limit/rate-limiter';
import { RequestQuotaStore } from '../../../src/common/rate-limit/request-quota.store';

const ORIGIN = { tenantId: 'a6b2d2f0-6f1c-4c55-9d55-0b1f4f1e2a10', address: '203.0.113.9' };
const TENANT = `tenant:${ORIGIN.tenantId}`;
const ADDRESS = `address:${ORIGIN.address}`;
const config = loadAppConfig({
  RATE_LIMIT_TENANT_PER_MINUTE: '5',
  RATE_LIMIT_ADDRESS_PER_MINUTE: '9',
});

/** A database whose shared counters answer `totals` for every bucket sent, or fail. */
function databaseWith(answer: (buckets: string[], added: number[]) => Promise<object[]>) {
  const query = jest.fn((sql: string, params?: [string[], number[]]) =>
    sql.startsWith('DELETE') ? Promise.resolve([]) : answer(params?.[0] ?? [], params?.[1] ?? []),
  );
  return { query, dataSource: { query } as unknown as DataSource };
}

const sharedTotals =
  (totals: Record<string, number>) =>
  (buckets: string[]): Promise<object[]> =>
    Promise.resolve(
      buckets.map((bucket) => ({
        bucket,
        count: totals[bucket] ?? 0,
        window_start: new Date(Math.floor(Date.now() / 60_000) * 60_000),
      })),
    );

describe('rate limiter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('counts requests on this replica without waiting on the database', () => {
    const { query, dataSource } = databaseWith(sharedTotals({}));
    const limiter = new RateLimiter(config, new RequestQuotaStore(dataSource, config));

    for (let sent = 0; sent < 5; sent += 1) limiter.admit(ORIGIN);

    expect(query).not.toHaveBeenCalled();
    expect(() => limiter.admit(ORIGIN)).toThrow(GraphError);
  });

  it('refuses with 429 and the Retry-After of the window, naming the bucket over its limit', () => {
    const { dataSource } = databaseWith(sharedTotals({}));
    const limiter = new RateLimiter(config, new RequestQuotaStore(dataSource, config));
    for (let sent = 0; sent < 5; sent += 1) limiter.admit(ORIGIN);

    const refusal = captured(() => limiter.admit(ORIGIN));

    expect(refusal).toMatchObject({
      status: 429,
      code: 'TooManyRequests',
      options: { innerCode: 'tenantRateLimitExceeded' },
    });
    const retryAfter = Number(refusal?.options.headers?.['Retry-After']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('when sharing, then it adds its own counts and learns the other replicas', async () => {
    const { query, dataSource } = databaseWith(sharedTotals({ [TENANT]: 4, [ADDRESS]: 2 }));
    const store = new RequestQuotaStore(dataSource, config);
    const limiter = new RateLimiter(config, store);
    limiter.admit(ORIGIN);

    await store.share();

    expect(query).toHaveBeenCalledWith(expect.stringContaining('INSERT'), [
      [TENANT, ADDRESS],
      [1, 1],
    ]);
    limiter.admit(ORIGIN);
    expect(() => limiter.admit(ORIGIN)).toThrow(/tenant/);
  });

  it('when the shared counters cannot be reached, then it limits alone, warns once, and shares later', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let down = true;
    const { query, dataSource } = databaseWith((buckets) =>
      down ? Promise.reject(new Error('connection refused')) : sharedTotals({})(buckets),
    );
    const store = new RequestQuotaStore(dataSource, config);
    const limiter = new RateLimiter(config, store);

    limiter.admit(ORIGIN);
    await store.share();
    limiter.admit(ORIGIN);
    await store.share();
    down = false;
    await store.share();

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ error: 'connection refused' }));
    expect(query).toHaveBeenLastCalledWith(expect.any(String), [
      [TENANT, ADDRESS],
      [2, 2],
    ]);
  });
});

function captured(action: () => void): GraphError | undefined {
  try {
    action();
  } catch (error) {
    return error as GraphError;
  }
  return undefined;
}

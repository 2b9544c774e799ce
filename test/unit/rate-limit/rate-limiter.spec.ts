import { Logger } from '@nestjs/common';

import { loadAppConfig } from '../../../src/common/config/app-config';
import { GraphError } from '../../../src/common/http/graph-error';
import { RateLimiter } from '../../../src/common/rate-limit/rate-limiter';
import { BucketCount, RequestQuotaStore } from '../../../src/common/rate-limit/request-quota.store';

const ORIGIN = { tenantId: 'a6b2d2f0-6f1c-4c55-9d55-0b1f4f1e2a10', address: '203.0.113.9' };

/** A store that answers with fixed counts, or fails like a database that is down. */
const storeAnswering = (answer: () => Promise<BucketCount[]>) =>
  ({ count: answer }) as unknown as RequestQuotaStore;

const limiterOn = (store: RequestQuotaStore) =>
  new RateLimiter(
    loadAppConfig({ RATE_LIMIT_TENANT_PER_MINUTE: '5', RATE_LIMIT_ADDRESS_PER_MINUTE: '9' }),
    store,
  );

describe('rate limiter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('when the counters cannot be read, then it lets the request through and warns', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const down = storeAnswering(() => Promise.reject(new Error('connection refused')));

    await expect(limiterOn(down).admit(ORIGIN)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ error: 'connection refused' }));
  });

  it('refuses with the Retry-After of the bucket that is over its limit', async () => {
    const counts = storeAnswering(() =>
      Promise.resolve([
        { bucket: `tenant:${ORIGIN.tenantId}`, count: 5, secondsLeft: 40 },
        { bucket: `address:${ORIGIN.address}`, count: 10, secondsLeft: 40 },
      ]),
    );

    const refusal = await limiterOn(counts)
      .admit(ORIGIN)
      .catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(GraphError);
    expect(refusal).toMatchObject({
      status: 429,
      code: 'TooManyRequests',
      options: { headers: { 'Retry-After': '40' }, innerCode: 'addressRateLimitExceeded' },
    });
  });
});

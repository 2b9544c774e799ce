import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { AppConfig } from '../../../src/common/config/app-config';
import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';
const LIMIT = 5;
const SYNC_MILLIS = 50;

/** Limits small enough to reach, and X-Forwarded-For honoured so each test has its own address. */
const limited = (overrides: Partial<AppConfig> = {}): Partial<AppConfig> => ({
  rateLimitTenantPerMinute: LIMIT,
  rateLimitAddressPerMinute: 10_000,
  rateLimitSyncMillis: SYNC_MILLIS,
  trustProxy: 'loopback',
  ...overrides,
});

/** A random address of the IPv6 documentation prefix, so no other test shares its count. */
const freshAddress = () => `2001:db8:${randomBytes(12).toString('hex').match(/.{4}/g)?.join(':')}`;

describe('rate limits', () => {
  const apps: TestApp[] = [];

  const start = async (overrides: Partial<AppConfig>) => {
    const app = await startTestApp(overrides);
    apps.push(app);
    return app;
  };

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  /** A GET of the case list from `address`, as `app`'s tenant unless another token is given. */
  const listCases = async (app: TestApp, address: string, token?: string) =>
    request(app.app.getHttpServer())
      .get(CASES)
      .set('Authorization', `Bearer ${token ?? (await app.token())}`)
      .set('X-Forwarded-For', address);

  const sendTimes = async (count: number, send: () => Promise<request.Response>) => {
    for (let sent = 0; sent < count; sent += 1) {
      await expect(send()).resolves.toHaveProperty('status', 200);
    }
  };

  it('when a tenant has used its minute, then its next request gets 429', async () => {
    const app = await start(limited());
    await awaitRoomInWindow(app);
    const address = freshAddress();

    await sendTimes(LIMIT, () => listCases(app, address));
    const refused = await listCases(app, address);

    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.error).toMatchObject({
      code: 'TooManyRequests',
      message: expect.stringContaining('tenant'),
      innerError: { code: 'tenantRateLimitExceeded', 'request-id': expect.any(String) },
    });
  });

  it('when one tenant is limited, then another on the same address is served', async () => {
    const app = await start(limited());
    await awaitRoomInWindow(app);
    const address = freshAddress();
    await sendTimes(LIMIT, () => listCases(app, address));
    await expect(listCases(app, address)).resolves.toHaveProperty('status', 429);

    const otherTenant = await app.token({ tenantId: randomUUID() });

    await expect(listCases(app, address, otherTenant)).resolves.toHaveProperty('status', 200);
  });

  it('when an address has used its minute, then every tenant on it is refused', async () => {
    const app = await start(
      limited({ rateLimitTenantPerMinute: 1000, rateLimitAddressPerMinute: 3 }),
    );
    await awaitRoomInWindow(app);
    const address = freshAddress();
    const tokenOfNewTenant = () => app.token({ tenantId: randomUUID() });

    await sendTimes(3, async () => listCases(app, address, await tokenOfNewTenant()));
    const refused = await listCases(app, address, await tokenOfNewTenant());

    expect(refused.status).toBe(429);
    expect(refused.body.error.innerError.code).toBe('addressRateLimitExceeded');
    await expect(listCases(app, freshAddress())).resolves.toHaveProperty('status', 200);
  });

  it('when two instances share the database, then they share the count', async () => {
    const first = await start(limited());
    const second = await start(limited());
    await awaitRoomInWindow(first);
    const address = freshAddress();
    const token = await first.token();

    await sendTimes(3, () => listCases(first, address, token));
    await afterSharing();
    await sendTimes(LIMIT - 3, () => listCases(second, address, token));
    await afterSharing();

    await expect(listCases(second, address, token)).resolves.toHaveProperty('status', 429);
    await expect(listCases(first, address, token)).resolves.toHaveProperty('status', 429);
  });

  it('when a create is refused with 429, then nothing is stored', async () => {
    const app = await start(limited());
    const unlimited = await start({ rateLimitEnabled: false });
    await awaitRoomInWindow(app);
    const address = freshAddress();
    const token = await app.token();
    const displayName = `Refused ${randomUUID()}`;
    await sendTimes(LIMIT, () => listCases(app, address, token));

    const refused = await request(app.app.getHttpServer())
      .post(CASES)
      .set('Authorization', `Bearer ${token}`)
      .set('X-Forwarded-For', address)
      .send({ displayName });

    expect(refused.status).toBe(429);
    const stored = await request(unlimited.app.getHttpServer())
      .get(CASES)
      .query({ $filter: `displayName eq '${displayName}'`, $count: 'true' })
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(stored.body['@odata.count']).toBe(0);
  });
});

/** Each instance shares its counts every SYNC_MILLIS; a few intervals leave room for a slow one. */
const afterSharing = () => sleep(SYNC_MILLIS * 6);

/**
 * Counts live in fixed one-minute windows on the database's clock. A test that must stay in one
 * window waits for the next one when fewer than 20 seconds are left in the current one.
 */
async function awaitRoomInWindow(app: TestApp): Promise<void> {
  const [{ left }] = await app.app.get(DataSource).query<{ left: number }[]>(
    `SELECT extract(epoch FROM date_bin('1 minute', now(), timestamptz 'epoch')
       + interval '1 minute' - now())::float8 AS left`,
  );
  if (left < 20) await sleep(left * 1000 + 200);
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client } from 'pg';
import request from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';
import { startStoppableDatabase, StoppableDatabase } from '../../support/stoppable-database';
import { freePort, migrate } from '../../support/test-database';

const CASES = '/beta/compliance/ediscovery/cases';

/** An outage must be answered within a few seconds; this bound allows for a loaded machine. */
const OUTAGE_ANSWER_BOUND_MS = 10_000;
const RECOVERY_BOUND_MS = 30_000;

/**
 * The app runs on a PostgreSQL of this file's own, which the tests stop and start again while
 * the app keeps running.
 */
describe('database outage', () => {
  let directory: string;
  let port: number;
  let database: StoppableDatabase;
  let app: TestApp;
  let caseId: string;

  const startDatabase = () => startStoppableDatabase(directory, port);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'caseops-outage-'));
    port = await freePort();
    database = await startDatabase();
    await migrate(database.url);
    app = await startTestApp({ databaseRetryAfterSeconds: 7 }, { databaseUrl: database.url });

    const created = await app.api().post(CASES).send({ displayName: 'Written before' }).expect(201);
    caseId = created.body.id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.stop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  const probe = (path: string) => request(app.app.getHttpServer()).get(path);

  it('when a shipped migration is not applied, then readiness is 503 naming it', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        `DELETE FROM schema_migration
          WHERE id = (SELECT max(id) FROM schema_migration) RETURNING *`,
      );
      const response = await probe('/health/ready').expect(503);
      await client.query(
        `INSERT INTO schema_migration
          SELECT * FROM json_populate_record(NULL::schema_migration, $1)`,
        [JSON.stringify(rows[0])],
      );

      expect(response.body.status).toBe('error');
      expect(response.body.error.migrations).toEqual({ status: 'down', pending: [rows[0].name] });
      await probe('/health/ready').expect(200);
    } finally {
      await client.end();
    }
  });

  it('when the database stops, then requests answer 503 with Retry-After', async () => {
    await database.stop();

    const started = Date.now();
    const response = await app.api().get(`${CASES}/${caseId}`).timeout(OUTAGE_ANSWER_BOUND_MS);

    expect(Date.now() - started).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body.error).toMatchObject({
      code: 'serviceNotAvailable',
      innerError: { code: 'databaseUnavailable' },
    });
    expect(response.body.error.innerError['request-id']).toBeDefined();
  });

  it('while the database is down, then readiness is 503 and liveness stays 200', async () => {
    const ready = await probe('/health/ready').timeout(OUTAGE_ANSWER_BOUND_MS).expect(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });

    await probe('/health/live').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
  });

  it('while the database is down, then writes are refused with 503 as well', async () => {
    const response = await app.api().post(CASES).send({ displayName: 'During the outage' });

    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('serviceNotAvailable');
  });

  it('when the database returns, then requests and readiness recover, no restart', async () => {
    database = await startDatabase();

    const recovered = await until(async () => {
      const response = await app.api().get(`${CASES}/${caseId}`);
      return response.status === 200 ? response : undefined;
    });
    expect(recovered.body).toMatchObject({ id: caseId, displayName: 'Written before' });
    await until(async () => ((await probe('/health/ready')).status === 200 ? true : undefined));
  });
});

/** Polls `attempt` until it gives a value, for at most {@link RECOVERY_BOUND_MS}. */
async function until<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + RECOVERY_BOUND_MS;
  while (Date.now() < deadline) {
    const value = await attempt();
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`No recovery within ${RECOVERY_BOUND_MS} ms`);
}

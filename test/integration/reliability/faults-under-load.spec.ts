import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client } from 'pg';

import { brokenPromises } from '../../support/acknowledged-writes';
import { chaosScale, recordFigures, scaled } from '../../support/chaos';
import { CallRecord, CASES, LoadReport, runMixedLoad } from '../../support/mixed-load';
import {
  BUILD_TIMEOUT_MS,
  buildService,
  BuiltService,
  exitWithin,
} from '../../support/service-process';
import {
  LoadTenant,
  newLoadTenant,
  RunningService,
  startServiceForLoad,
} from '../../support/service-under-load';
import { startStoppableDatabase, StoppableDatabase } from '../../support/stoppable-database';
import { freePort } from '../../support/test-database';
import { WriteLedger } from '../../support/write-ledger';

const LOOPS = 10;
const LOAD_MS = scaled(5_000);
/** A 503 of an outage must come within a few seconds; this allows for a loaded machine. */
const OUTAGE_ANSWER_BOUND_MS = 10_000;
const RECOVERY_BOUND_MS = 30_000;
/** The load's length plus generous room for set-up and checks on a shared machine. */
const TEST_BOUND_MS = LOAD_MS * 2 + 90_000;

/**
 * A built service process on a PostgreSQL of this file's own, under a mixed load while the
 * database's sessions are killed, the database stops and starts, and the service is stopped.
 */
describe('faults under load', () => {
  let build: BuiltService | undefined;
  let directory: string;
  let databasePort: number;
  let database: StoppableDatabase;
  let service: RunningService;

  beforeAll(async () => {
    build = await buildService();
    directory = await mkdtemp(join(tmpdir(), 'caseops-faults-'));
    databasePort = await freePort();
    database = await startStoppableDatabase(directory, databasePort);
    service = await startServiceForLoad(build.main, database.url, serviceSettings());
  }, BUILD_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    service?.process.child.kill('SIGKILL');
    await database?.stop();
    await rm(directory, { recursive: true, force: true });
    await build?.remove();
  }, 60_000);

  it(
    "when the service's database sessions are killed under load, then each call succeeds or " +
      'gets 503 with Retry-After, no acknowledged write is lost, and it recovers unrestarted',
    async () => {
      const ledger = new WriteLedger();
      const tenant = await newLoadTenant([service.port], { keepAlive: true });
      const loadEnds = Date.now() + LOAD_MS;

      const [report, killed] = await Promise.all([
        runMixedLoad({ ...loadOf(tenant, ledger), done: () => Date.now() > loadEnds }),
        killSessionsRepeatedly(database.url, scaled(3), LOAD_MS),
      ]);

      expect(report.surprises).toEqual([]);
      expect(report.slowestOutageMillis).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);
      expect(killed).toBeGreaterThan(0);
      await expect(brokenPromises(database.url, tenant.tenantId, ledger)).resolves.toEqual([]);
      await expectRecovered(tenant);
      expect(service.process.child.exitCode).toBeNull();
      recordFigures('sessions killed under load', { ...figuresOf(report, ledger), killed });
    },
    TEST_BOUND_MS,
  );

  it(
    'when the database stops and starts under load, then calls during the outage get 503 ' +
      'with Retry-After, calls after it succeed, and no acknowledged write is lost',
    async () => {
      const ledger = new WriteLedger();
      const tenant = await newLoadTenant([service.port], { keepAlive: true });
      let loadRunning = true;

      const load = runMixedLoad({ ...loadOf(tenant, ledger), done: () => !loadRunning });
      const outages = await stopAndStartRepeatedly(scaled(1), LOAD_MS);
      await sleep(1_000);
      loadRunning = false;
      const report = await load;

      expect(report.surprises).toEqual([]);
      expect(report.slowestOutageMillis).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);
      for (const outage of outages) {
        const during = report.calls.filter((call) => within(call, outage.down, outage.up));
        expect(during.length).toBeGreaterThan(0);
        expect(during.filter((call) => call.outcome !== '503')).toEqual([]);
      }
      await expect(brokenPromises(database.url, tenant.tenantId, ledger)).resolves.toEqual([]);
      await expectRecovered(tenant);
      expect(service.process.child.exitCode).toBeNull();
      recordFigures('database stopped under load', {
        ...figuresOf(report, ledger),
        outages: outages.length,
      });
    },
    TEST_BOUND_MS,
  );

  it(
    'when SIGTERM comes under load, then every call sent before it is answered and later ' +
      'ones are refused, exit is 0, and no acknowledged write is lost',
    async () => {
      const main = build?.main ?? '';
      const stopping = await startServiceForLoad(main, database.url, serviceSettings());
      const ledger = new WriteLedger();
      const tenant = await newLoadTenant([stopping.port], { keepAlive: false });
      const hardStop = Date.now() + LOAD_MS + RECOVERY_BOUND_MS;

      const load = runMixedLoad({
        ...loadOf(tenant, ledger),
        outageAllowed: false,
        stopWhenRefused: true,
        done: () => Date.now() > hardStop,
      });
      await sleep(Math.min(LOAD_MS, scaled(1_500)));
      const signalledAt = performance.now();
      stopping.process.child.kill('SIGTERM');
      const report = await load;

      const sentBefore = report.calls.filter((call) => (call.sentAt ?? Infinity) < signalledAt);
      expect(sentBefore.length).toBeGreaterThan(0);
      expect(sentBefore.filter((call) => !call.answered)).toEqual([]);
      // A connection made as the listener closes is reset unread from the kernel's queue.
      const refusedLater = (call: CallRecord) =>
        ['ECONNREFUSED', 'ECONNRESET'].includes(call.outcome) && call.startedAt > signalledAt;
      expect(report.surprises.filter((call) => !refusedLater(call))).toEqual([]);
      await expect(exitWithin(stopping.process, RECOVERY_BOUND_MS)).resolves.toBe(0);
      await expect(brokenPromises(database.url, tenant.tenantId, ledger)).resolves.toEqual([]);
      recordFigures('SIGTERM under load', {
        ...figuresOf(report, ledger),
        sentBeforeSignal: sentBefore.length,
        answeredAfterSignal: report.calls.filter((c) => c.answered && c.startedAt > signalledAt)
          .length,
        refusedAfterSignal: report.surprises.filter(refusedLater).length,
      });
    },
    TEST_BOUND_MS,
  );

  const loadOf = (tenant: LoadTenant, ledger: WriteLedger) => ({
    services: tenant.clients,
    caseIds: tenant.caseIds,
    loops: LOOPS,
    outageAllowed: true,
    ledger,
  });

  /** Stops the database `times` times, spread over `spanMillis`, a second or more each time. */
  const stopAndStartRepeatedly = async (times: number, spanMillis: number) => {
    const outages: { down: number; up: number }[] = [];
    const pause = spanMillis / (times * 2 + 1);
    for (let round = 0; round < times; round++) {
      await sleep(pause);
      await database.stop();
      const down = performance.now();
      await sleep(Math.max(pause, 1_000));
      const up = performance.now();
      database = await startStoppableDatabase(directory, databasePort);
      outages.push({ down, up });
    }
    return outages;
  };
});

function serviceSettings(): Record<string, string> {
  return {
    DATABASE_CONNECT_TIMEOUT_MS: '2000',
    DATABASE_RETRY_AFTER_SECONDS: '2',
    DATABASE_POOL_SIZE: String(LOOPS),
  };
}

/**
 * Terminates every session of the service (`application_name = 'caseops'`) `times` times,
 * evenly spread over `spanMillis`, from a session of the test's own.
 * @returns how many sessions were terminated in all.
 */
async function killSessionsRepeatedly(
  databaseUrl: string,
  times: number,
  spanMillis: number,
): Promise<number> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'caseops-chaos' });
  await client.connect();
  let killed = 0;
  try {
    for (let round = 0; round < times; round++) {
      await sleep(spanMillis / (times + 1));
      const { rows } = await client.query<{ killed: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS killed
           FROM pg_stat_activity WHERE application_name = 'caseops'`,
      );
      killed += rows[0].killed;
    }
  } finally {
    await client.end();
  }
  return killed;
}

/** A call that started after `from` and ended before `to`: it saw only the outage. */
function within(call: CallRecord, from: number, to: number): boolean {
  return call.startedAt > from && call.startedAt + call.elapsedMillis < to;
}

/** Without a restart, reads and writes succeed again within {@link RECOVERY_BOUND_MS}. */
async function expectRecovered(tenant: LoadTenant): Promise<void> {
  const [client] = tenant.clients;
  const path = `${CASES}/${tenant.caseIds[0]}/operations`;
  const deadline = Date.now() + RECOVERY_BOUND_MS;
  let last = '';
  while (Date.now() < deadline) {
    const outcome = await client.send({ method: 'POST', path, body: { action: 'index' } });
    if (outcome.kind === 'answered' && outcome.status === 201) return;
    last = outcome.kind === 'answered' ? String(outcome.status) : outcome.code;
    await sleep(250);
  }
  throw new Error(`No successful write within ${RECOVERY_BOUND_MS} ms; last answer ${last}`);
}

function figuresOf(report: LoadReport, ledger: WriteLedger): Record<string, unknown> {
  return {
    calls: report.calls.length,
    tally: report.tally,
    slowestOutageMillis: Math.round(report.slowestOutageMillis),
    acknowledgedCreates: ledger.operations.size,
    acknowledgedUpdates: ledger.acknowledgedUpdates(),
    unacknowledgedCreates: ledger.unacknowledgedCreates,
    loops: LOOPS,
    scale: chaosScale(),
  };
}

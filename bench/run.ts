import { randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Client } from 'pg';

import { startEmbeddedDatabase } from '../src/common/database/embedded-database';
import { ApiClient, operationsPath } from './api-client';
import { LoadResult, LoadSpec, runLoad, warmUp } from './load';
import { describeMachine, Machine } from './machine';
import { freePort, RunningServer, startServer } from './processes';
import { seedOperations } from './seed';

/** How long and how large a run is; `--quick` only proves the harness works end to end. */
interface Plan {
  readonly quick: boolean;
  /** Each route is measured this many times, service then baseline; medians are reported. */
  readonly rounds: number;
  readonly warmUpSeconds: number;
  readonly seconds: number;
  readonly connections: number;
  readonly scaleRows: number;
  readonly scaleSeconds: number;
  readonly deepPages: number;
}

const FULL: Plan = {
  quick: false,
  rounds: 3,
  warmUpSeconds: 3,
  seconds: 10,
  connections: 50,
  scaleRows: 1_000_000,
  scaleSeconds: 10,
  deepPages: 5_000,
};
const QUICK: Plan = {
  quick: true,
  rounds: 1,
  warmUpSeconds: 1,
  seconds: 2,
  connections: 10,
  scaleRows: 5_000,
  scaleSeconds: 1,
  deepPages: 20,
};

const ROOT = resolve(__dirname, '..', '..');
const POOL_SIZE = '10';

/** One load run on one server, with the CPU time that server spent on each request. */
interface ServerLoad extends LoadResult {
  readonly cpuMsPerRequest: number;
}

/** One round of a route: the service and both yardsticks, measured back to back. */
interface Round {
  readonly service: ServerLoad;
  readonly floor: ServerLoad;
  readonly baseline: ServerLoad;
}

interface RouteResult {
  readonly route: string;
  /** Medians over the rounds. */
  readonly service: ServerLoad;
  readonly floor: ServerLoad;
  readonly baseline: ServerLoad;
  /** Medians of the rounds' throughput ratios, each measured back to back. */
  readonly ratio: number;
  readonly floorRatio: number;
  readonly rounds: readonly Round[];
}

/** Where a run's service ran: its database and the Node flags it was started with. */
interface RunSetting {
  readonly database: string;
  readonly serviceFlags: readonly string[];
}

interface ScaleResult {
  readonly page: string;
  readonly result: LoadResult;
}

/** Everything a run found: what bench/results keeps as JSON and renders as its report. */
interface RunReport {
  readonly plan: Plan;
  readonly machine: Machine;
  readonly setting: RunSetting;
  readonly routes: readonly RouteResult[];
  readonly scale: readonly ScaleResult[];
  readonly peakMegabytes: number;
}

async function main(): Promise<void> {
  const plan = process.argv.includes('--quick') ? QUICK : FULL;
  const database = await provideDatabase();
  const secret = randomBytes(32).toString('hex');
  const tenantId = randomUUID();
  const servers: RunningServer[] = [];
  const serviceFlags = productionNodeFlags();

  try {
    const service = await startServer(
      join(ROOT, 'dist/src/main.js'),
      serviceEnvironment(database.url, secret),
      '/docs-json',
      serviceFlags,
    );
    servers.push(service);
    const api = new ApiClient(service.url, mintToken(secret, tenantId));
    const baseline = await startServer(
      join(ROOT, 'dist-bench/bench/baseline-server.js'),
      { DATABASE_URL: database.url, BENCH_TENANT_ID: tenantId, DATABASE_POOL_SIZE: POOL_SIZE },
      '/',
    );
    servers.push(baseline);
    const floor = await startServer(
      join(ROOT, 'dist-bench/bench/framework-floor.js'),
      { DATABASE_URL: database.url, BENCH_TENANT_ID: tenantId, DATABASE_POOL_SIZE: POOL_SIZE },
      '/',
    );
    servers.push(floor);

    const machine = await describeMachine(database.url);
    const peakMemory = { megabytes: 0 };
    const routes = await compareRoutes(
      plan,
      api,
      { service, floor, baseline },
      tenantId,
      database.url,
      peakMemory,
    );
    const scale = await measureScale(plan, api, service, tenantId, database.url, peakMemory);

    const failures = [
      ...routes.flatMap((r) => [r.service, r.floor, r.baseline]),
      ...scale.map((s) => s.result),
    ].filter((result) => result.errors > 0 || result.non2xx > 0);
    await writeResults({
      plan,
      machine,
      setting: { database: database.source, serviceFlags },
      routes,
      scale,
      peakMegabytes: peakMemory.megabytes,
    });
    if (failures.length > 0) {
      throw new Error(`${failures.length} load run(s) had errors or non-2xx responses`);
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await removeTenant(database.url, tenantId);
    await database.stop();
  }
}

/** A benchmark on a given database leaves nothing behind: its tenant's cases go, cascading. */
async function removeTenant(databaseUrl: string, tenantId: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DELETE FROM ediscovery_case WHERE tenant_id = $1', [tenantId]);
  } finally {
    await client.end();
  }
}

function serviceEnvironment(databaseUrl: string, secret: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: POOL_SIZE,
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: 'info',
    // The limiter runs on every request as in production; the limits are only set high
    // enough that one benchmark client is never refused.
    RATE_LIMIT_TENANT_PER_MINUTE: '10000000',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '10000000',
  };
}

/** The Node flags `npm run start:prod` (and the image) run the service with. */
function productionNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = manifest.scripts['start:prod'].split(/\s+/);
  return words.slice(1).filter((word) => word.startsWith('--'));
}

function mintToken(secret: string, tenantId: string): string {
  const minted = spawnSync(
    process.execPath,
    [join(ROOT, 'dist/scripts/mint-token.js'), '--tenant', tenantId, '--expires', '2h'],
    { env: { ...process.env, AUTH_JWT_SECRET: secret }, encoding: 'utf8' },
  );
  if (minted.status !== 0) throw new Error(`minting a token failed: ${minted.stderr}`);
  return minted.stdout.trim();
}

/** Create, get, list and update, each on the service, then the framework floor, then the baseline. */
async function compareRoutes(
  plan: Plan,
  api: ApiClient,
  servers: { service: RunningServer; floor: RunningServer; baseline: RunningServer },
  tenantId: string,
  databaseUrl: string,
  peakMemory: { megabytes: number },
): Promise<RouteResult[]> {
  const caseId = await api.createCase(`Benchmark ${randomUUID()}`);
  const listedCaseId = await api.createCase(`Benchmark list ${randomUUID()}`);
  await seedOperations(databaseUrl, tenantId, listedCaseId, 1_000);
  const readable = await createMany(api, caseId, 200, { action: 'index' });
  const running = await createMany(api, caseId, 200, { action: 'index', status: 'running' });

  const pick = (ids: string[]) => ids[Math.floor(Math.random() * ids.length)];
  const scenarios: Record<string, Omit<LoadSpec, 'url' | 'headers' | 'connections' | 'seconds'>> = {
    'create operation (POST)': {
      method: 'POST',
      next: () => ({ path: operationsPath(caseId), body: '{"action":"index"}' }),
    },
    'get operation (GET)': {
      method: 'GET',
      next: () => ({ path: `${operationsPath(caseId)}/${pick(readable)}` }),
    },
    'list first page (GET)': {
      method: 'GET',
      next: () => ({ path: operationsPath(listedCaseId) }),
    },
    'update progress (PATCH)': {
      method: 'PATCH',
      next: () => ({
        path: `${operationsPath(caseId)}/${pick(running)}`,
        body: '{"percentProgress":50}',
      }),
    },
  };

  const results: RouteResult[] = [];
  for (const [route, scenario] of Object.entries(scenarios)) {
    const measure = async (server: RunningServer, sample: boolean) => {
      const spec = {
        ...scenario,
        url: server.url,
        headers: api.headers,
        connections: plan.connections,
        seconds: plan.seconds,
      };
      await warmUp(spec, plan.warmUpSeconds);
      const load = () => withCpu(server, () => runLoad(spec));
      return sample ? sampled(servers.service, peakMemory, load) : load();
    };
    const rounds: Round[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      rounds.push({
        service: await measure(servers.service, true),
        floor: await measure(servers.floor, false),
        baseline: await measure(servers.baseline, false),
      });
    }
    const throughputRatio = (server: 'service' | 'floor') =>
      median(rounds.map((r) => r[server].requestsPerSecond / r.baseline.requestsPerSecond));
    results.push({
      route,
      service: medianOf(rounds.map((r) => r.service)),
      floor: medianOf(rounds.map((r) => r.floor)),
      baseline: medianOf(rounds.map((r) => r.baseline)),
      ratio: throughputRatio('service'),
      floorRatio: throughputRatio('floor'),
      rounds,
    });
    process.stderr.write(`measured ${route}\n`);
  }
  return results;
}

/** Runs a load and adds the CPU time the server spent per request answered. */
async function withCpu(server: RunningServer, load: () => Promise<LoadResult>) {
  const before = server.cpuSeconds();
  const result = await load();
  const spentMs = (server.cpuSeconds() - before) * 1000;
  return { ...result, cpuMsPerRequest: spentMs / Math.max(result.requests, 1) };
}

const COUNT = '$count';

/** First page, a page deep in, a filtered page and `$count` on one very large case. */
async function measureScale(
  plan: Plan,
  api: ApiClient,
  service: RunningServer,
  tenantId: string,
  databaseUrl: string,
  peakMemory: { megabytes: number },
): Promise<ScaleResult[]> {
  const caseId = await api.createCase(`Benchmark scale ${randomUUID()}`);
  const seedMillis = await seedOperations(databaseUrl, tenantId, caseId, plan.scaleRows);
  process.stderr.write(`seeded ${plan.scaleRows} operations in ${seedMillis} ms\n`);

  const first = `${operationsPath(caseId)}?$top=100`;
  const filtered = `${operationsPath(caseId)}?$top=100&$filter=status%20eq%20'running'`;
  const pages: Record<string, string> = {
    'first page': first,
    [`page ${plan.deepPages + 1} (via $skiptoken)`]: await api.pathAfter(first, plan.deepPages),
    "filtered first page (status eq 'running')": filtered,
    [`filtered page ${Math.floor(plan.deepPages / 4) + 1}`]: await api.pathAfter(
      filtered,
      Math.floor(plan.deepPages / 4),
    ),
    [COUNT]: `${operationsPath(caseId)}/$count`,
  };

  const results: ScaleResult[] = [];
  for (const [page, path] of Object.entries(pages)) {
    const spec: LoadSpec = {
      url: service.url,
      method: 'GET',
      headers: api.headers,
      next: () => ({ path }),
      // A count reads the whole case; ten at once would measure their queue, not its cost.
      connections: page === COUNT ? 1 : 10,
      seconds: plan.scaleSeconds,
    };
    await warmUp(spec, 1);
    results.push({ page, result: await sampled(service, peakMemory, () => runLoad(spec)) });
  }
  return results;
}

/** Median throughput and latencies of several runs; failures are added up, not averaged. */
function medianOf(results: ServerLoad[]): ServerLoad {
  return {
    cpuMsPerRequest: median(results.map((result) => result.cpuMsPerRequest)),
    requestsPerSecond: median(results.map((result) => result.requestsPerSecond)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function createMany(api: ApiClient, caseId: string, count: number, body: object) {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) ids.push(await api.createOperation(caseId, body));
  return ids;
}

/** Runs a load while sampling the server's resident memory, keeping the peak. */
async function sampled<T>(
  server: RunningServer,
  peak: { megabytes: number },
  load: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    peak.megabytes = Math.max(peak.megabytes, server.residentMegabytes());
  }, 200);
  try {
    return await load();
  } finally {
    clearInterval(timer);
  }
}

async function provideDatabase() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    return { url, source: 'given URL', stop: () => Promise.resolve() };
  }
  const directory = await mkdtemp(join(tmpdir(), 'caseops-bench-db-'));
  const embedded = await startEmbeddedDatabase({
    directory,
    port: await freePort(),
    database: 'caseops_bench',
  });
  return {
    url: embedded.url,
    source: 'embedded PostgreSQL',
    stop: async () => {
      await embedded.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function writeResults(run: RunReport): Promise<void> {
  const report = renderReport(run);
  process.stdout.write(`${report}\n`);
  if (run.plan.quick) return;

  const directory = join(ROOT, 'bench/results');
  await mkdir(directory, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await writeFile(join(directory, `${stamp}.md`), `${report}\n`);
  await writeFile(join(directory, `${stamp}.json`), `${JSON.stringify(run, null, 2)}\n`);
}

function renderReport(run: RunReport): string {
  const { plan, machine, setting, routes, scale, peakMegabytes } = run;
  const ms = (value: number) => `${value.toFixed(1)}`;
  const percent = (value: number) => `${(value * 100).toFixed(0)}%`;
  const p99Ratio = (load: ServerLoad, baseline: ServerLoad) =>
    `${(load.p99Ms / Math.max(baseline.p99Ms, 0.001)).toFixed(2)}x`;
  const rows = routes.map(({ route, service, floor, baseline, ratio, floorRatio }) =>
    [
      route,
      `${service.requestsPerSecond.toFixed(0)} / ${floor.requestsPerSecond.toFixed(0)} / ` +
        baseline.requestsPerSecond.toFixed(0),
      `${percent(ratio)} / ${percent(floorRatio)}`,
      `${ms(service.p50Ms)} / ${ms(floor.p50Ms)} / ${ms(baseline.p50Ms)}`,
      `${ms(service.p99Ms)} / ${ms(floor.p99Ms)} / ${ms(baseline.p99Ms)}`,
      `${p99Ratio(service, baseline)} / ${p99Ratio(floor, baseline)}`,
      [service, floor, baseline].map((load) => load.cpuMsPerRequest.toFixed(2)).join(' / '),
      [service, floor, baseline].map((load) => load.errors + load.non2xx).join(' / '),
    ].join(' | '),
  );
  const firstPage = scale[0]?.result.p50Ms ?? 0;
  const scaleRows = scale.map(({ page, result }) =>
    [
      page,
      result.requestsPerSecond.toFixed(0),
      ms(result.p50Ms),
      ms(result.p99Ms),
      `${(result.p50Ms / Math.max(firstPage, 0.001)).toFixed(2)}x`,
      String(result.errors + result.non2xx),
    ].join(' | '),
  );

  return [
    `# caseops benchmark${plan.quick ? ' (quick: proves the harness, not the figures)' : ''}`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `PostgreSQL ${machine.postgres} (${setting.database}). Pool size ${POOL_SIZE} for every server.`,
    `caseops runs as \`npm run start:prod\` does: \`node ${[...setting.serviceFlags, 'dist/src/main.js'].join(' ')}\`, ` +
      'NODE_ENV=production, authentication and rate limiting on, logs at info.',
    `Load: autocannon, ${plan.connections} connections; each route measured in ${plan.rounds} ` +
      `round(s) of ${plan.warmUpSeconds} s warm-up and ${plan.seconds} s measured, on caseops, ` +
      'then the framework floor (NestJS on Express running the SQL alone), then the baseline ' +
      "(node:http and pg); the table shows medians, and ratios are the median of the rounds' " +
      'ratios to the baseline.',
    '',
    '| route | req/s caseops / floor / baseline | req/s vs baseline caseops / floor | ' +
      'p50 ms caseops / floor / baseline | p99 ms caseops / floor / baseline | ' +
      'p99 vs baseline caseops / floor | CPU ms per request caseops / floor / baseline | ' +
      'errors + non-2xx caseops / floor / baseline |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    `Scale: one case with ${plan.scaleRows.toLocaleString('en')} operations, ${plan.scaleSeconds} ` +
      's per page, 10 connections for pages and 1 for `$count` (one count at a time).',
    '',
    '| page | req/s | p50 ms | p99 ms | p50 vs first page | errors + non-2xx |',
    '|---|---|---|---|---|---|',
    ...scaleRows.map((row) => `| ${row} |`),
    '',
    `Service resident memory, peak under load: ${peakMegabytes} MB.`,
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});

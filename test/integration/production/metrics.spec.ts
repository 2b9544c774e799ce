import request from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Reads the samples of a Prometheus text exposition; comments and blank lines are skipped. */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) throw new Error(`Not a Prometheus sample: ${line}`);
      return { name: match[1], labels: parseLabels(match[2] ?? ''), value: Number(match[3]) };
    });
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    labels[name] = value.replace(/\\(.)/g, '$1');
  }
  return labels;
}

function samples(all: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return all.filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

function valueOf(all: Sample[], name: string, labels: Record<string, string>): number {
  const found = samples(all, name, labels);
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} is not one series`);
  return found[0]?.value ?? 0;
}

describe('Metrics', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ operationCountCacheSeconds: 0 });
  });

  afterAll(() => testApp.close());

  const scrape = async () => {
    const response = await request(testApp.app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parseExposition(response.text);
  };
  const createCase = async () => {
    const created = await testApp
      .api()
      .post(CASES)
      .send({ displayName: `Metrics ${Date.now()} ${Math.random()}` })
      .expect(201);
    return created.body.id as string;
  };

  it('serves /metrics without a token, outside the /beta prefix', async () => {
    await request(testApp.app.getHttpServer()).get('/metrics').expect(200);
    await testApp.api().get('/beta/metrics').expect(404);
  });

  it('when requests are answered, then their route pattern counter rises by as many', async () => {
    const caseId = await createCase();
    const route = { method: 'GET', route: `${CASES}/:caseId`, status: '200' };
    const before = valueOf(await scrape(), 'http_requests_total', route);

    for (let i = 0; i < 3; i++) await testApp.api().get(`${CASES}/${caseId}`).expect(200);

    const after = await scrape();
    expect(valueOf(after, 'http_requests_total', route)).toBe(before + 3);
    expect(
      after.some((sample) => Object.values(sample.labels).some((v) => v.includes(caseId))),
    ).toBe(false);
  });

  it('counts refusals under their own status, and unknown paths under one route', async () => {
    const unauthorized = { method: 'GET', route: CASES, status: '401' };
    const unmatched = { method: 'GET', route: '(unmatched)', status: '404' };
    const before = await scrape();

    await request(testApp.app.getHttpServer()).get(CASES).expect(401);
    await testApp.api().get('/beta/no-such-thing/1').expect(404);
    await testApp.api().get('/beta/no-such-thing/2').expect(404);

    const after = await scrape();
    expect(valueOf(after, 'http_requests_total', unauthorized)).toBe(
      valueOf(before, 'http_requests_total', unauthorized) + 1,
    );
    expect(valueOf(after, 'http_requests_total', unmatched)).toBe(
      valueOf(before, 'http_requests_total', unmatched) + 2,
    );
  });

  it('times requests in a histogram whose buckets add up to its count', async () => {
    await testApp.api().get(CASES).expect(200);
    const route = { method: 'GET', route: CASES, status: '200' };

    const all = await scrape();
    const buckets = samples(all, 'http_request_duration_seconds_bucket', route);
    const count = valueOf(all, 'http_request_duration_seconds_count', route);
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets.find((bucket) => bucket.labels.le === '+Inf')?.value).toBe(count);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(valueOf(all, 'http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
  });

  it('when operations exist, then the operations gauge counts them by status, action', async () => {
    const operations = `${CASES}/${await createCase()}/operations`;
    for (let i = 0; i < 2; i++) {
      await testApp
        .api()
        .post(operations)
        .send({ action: 'contentExport', status: 'running' })
        .expect(201);
    }
    await testApp.api().post(operations).send({ action: 'applyTags' }).expect(201);

    const all = await scrape();
    const gauge = (status: string, action: string) =>
      valueOf(all, 'caseops_operations', { status, action });
    expect(gauge('running', 'contentExport')).toBeGreaterThanOrEqual(2);
    expect(gauge('notStarted', 'applyTags')).toBeGreaterThanOrEqual(1);
    expect(samples(all, 'caseops_operations')).toHaveLength(6 * 9);
  });

  it('reports the database pool and the process', async () => {
    const all = await scrape();

    expect(valueOf(all, 'caseops_db_pool_connections', {})).toBeGreaterThanOrEqual(1);
    expect(samples(all, 'caseops_db_pool_idle_connections')).toHaveLength(1);
    expect(samples(all, 'caseops_db_pool_waiting_requests')).toHaveLength(1);
    expect(samples(all, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(samples(all, 'nodejs_heap_size_used_bytes')).toHaveLength(1);
  });
});

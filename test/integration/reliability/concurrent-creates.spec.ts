import { startTestApp, TestApp } from '../../support/test-app';
import { chaosScale, scaled } from '../../support/chaos';

const CASES = '/beta/compliance/ediscovery/cases';
const CREATIONS = scaled(200);
const IN_FLIGHT = 20 * Math.min(chaosScale(), 5);
const PAGE_SIZE = 37;

/** Adds to concurrency.api.spec.ts: many creations racing into one case. */
describe('concurrent creations in one case', () => {
  let app: TestApp;
  let operations: string;

  beforeAll(async () => {
    app = await startTestApp();
    // One listening server for every request, so concurrent requests share it.
    await app.app.listen(0, '127.0.0.1');
    const created = await app.api().post(CASES).send({ displayName: 'Crowded case' }).expect(201);
    operations = `${CASES}/${created.body.id as string}/operations`;
  });

  afterAll(async () => {
    await app.close();
  });

  const create = async (index: number) => {
    const response = await app
      .api()
      .post(operations)
      .send({ action: index % 2 === 0 ? 'index' : 'contentExport', status: 'running' });
    return { status: response.status, id: response.body.id as string };
  };

  const title = `when ${CREATIONS} creations run ${IN_FLIGHT} at a time, then each is listed once`;

  it(
    title,
    async () => {
      const results = await withConcurrency(CREATIONS, IN_FLIGHT, create);

      expect(results.filter((result) => result.status !== 201)).toEqual([]);
      const createdIds = results.map((result) => result.id).sort();
      expect(new Set(createdIds).size).toBe(CREATIONS);

      const listed = await listAllPages(app, `${operations}?$count=true`);
      expect(listed.counts).toEqual(listed.counts.map(() => CREATIONS));
      expect(listed.ids.sort()).toEqual(createdIds);
      const counted = await app.api().get(`${operations}/$count`).expect(200);
      expect(Number(counted.text)).toBe(CREATIONS);
    },
    120_000,
  );
});

/** Runs `task(0..total-1)` with at most `limit` unfinished at any time, keeping their order. */
async function withConcurrency<T>(
  total: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** Follows `@odata.nextLink` from `path`, collecting ids and the `@odata.count` of each page. */
async function listAllPages(
  app: TestApp,
  path: string,
): Promise<{ ids: string[]; counts: number[] }> {
  const ids: string[] = [];
  const counts: number[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const page = await app
      .api()
      .get(next)
      .set('Prefer', `odata.maxpagesize=${PAGE_SIZE}`)
      .expect(200);
    ids.push(...page.body.value.map((item: { id: string }) => item.id));
    counts.push(page.body['@odata.count']);
    const link = page.body['@odata.nextLink'] as string | undefined;
    next = link === undefined ? undefined : pathOf(link);
  }
  return { ids, counts };
}

function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

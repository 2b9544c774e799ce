import { spawnSync } from 'node:child_process';

/**
 * The benchmark's figures belong in bench/results, not in tests; this only proves that the
 * harness builds, starts both servers, loads every route and the large case, and reports.
 */
describe('npm run bench -- --quick', () => {
  it('runs end to end and reports every route and page with no failed request', () => {
    const run = spawnSync('npm', ['run', 'bench', '--', '--quick'], {
      cwd: `${__dirname}/../../..`,
      env: { ...process.env, BENCH_DATABASE_URL: process.env.TEST_DATABASE_URL },
      encoding: 'utf8',
      timeout: 480_000,
    });

    expect(run.stderr).not.toMatch(/load run\(s\) had errors/);
    expect(run.status).toBe(0);
    for (const row of [
      'create operation (POST)',
      'get operation (GET)',
      'list first page (GET)',
      'update progress (PATCH)',
      '(via $skiptoken)',
      '$count',
    ]) {
      expect(run.stdout).toContain(row);
    }
    expect(run.stdout).toMatch(/resident memory, peak under load: \d+ MB/);
  }, 500_000);
});

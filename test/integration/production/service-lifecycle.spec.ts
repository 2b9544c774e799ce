import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client } from 'pg';

import {
  BUILD_TIMEOUT_MS,
  buildService,
  BuiltService,
  exitWithin,
  runService,
  untilListening,
} from '../../support/service-process';
import { freePort } from '../../support/test-database';
import { hs256Token, TEST_SECRET } from '../../support/tokens';

/** Bounds that only keep a broken service from hanging the suite on a loaded machine. */
const EXIT_BOUND_MS = 20_000;
const STEP_BOUND_MS = 10_000;

/** The built service, run as operators run it: `node dist/src/main.js` with an environment. */
describe('the service as a process', () => {
  let build: BuiltService | undefined;
  let main: string;

  beforeAll(async () => {
    build = await buildService();
    main = build.main;
  }, BUILD_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await build?.remove();
  });

  describe('graceful shutdown', () => {
    const databaseUrl = () => {
      const url = process.env.TEST_DATABASE_URL;
      if (url === undefined) throw new Error('The integration global set-up did not run.');
      return url;
    };

    it('when SIGTERM comes mid-request, then it is answered and exit is 0', async () => {
      const port = await freePort();
      const service = runService(main, {
        DATABASE_URL: databaseUrl(),
        AUTH_JWT_SECRET: TEST_SECRET,
        PORT: String(port),
      });
      const token = await hs256Token(TEST_SECRET, { tenantId: randomUUID() });
      const api = new ServiceClient(port, token);
      const locker = new Client({ connectionString: databaseUrl() });
      try {
        await untilListening(service, port);
        const caseId = await api.createCase();
        await locker.connect();
        await lockCase(locker, caseId);

        const patch = api.renameCase(caseId, 'Renamed while stopping');
        await untilBlocked(locker, caseId);
        service.child.kill('SIGTERM');
        await untilRefused(port);
        await locker.query('COMMIT');

        expect((await patch).status).toBe(204);
        await expect(exitWithin(service, EXIT_BOUND_MS)).resolves.toBe(0);
        expect(await renamedInDatabase(locker, caseId)).toBe('Renamed while stopping');
      } finally {
        service.child.kill('SIGKILL');
        await locker.end();
      }
    });

    it('when a request outlives SHUTDOWN_TIMEOUT_MS, then it is cut off', async () => {
      const port = await freePort();
      const service = runService(main, {
        DATABASE_URL: databaseUrl(),
        AUTH_JWT_SECRET: TEST_SECRET,
        PORT: String(port),
        SHUTDOWN_TIMEOUT_MS: '500',
        DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      });
      const token = await hs256Token(TEST_SECRET, { tenantId: randomUUID() });
      const api = new ServiceClient(port, token);
      const locker = new Client({ connectionString: databaseUrl() });
      try {
        await untilListening(service, port);
        const caseId = await api.createCase();
        await locker.connect();
        await lockCase(locker, caseId);

        const patch = api.renameCase(caseId, 'Never renamed');
        await untilBlocked(locker, caseId);
        service.child.kill('SIGTERM');

        await expect(patch).rejects.toThrow();
        await expect(exitWithin(service, EXIT_BOUND_MS)).resolves.toBe(0);
      } finally {
        service.child.kill('SIGKILL');
        await locker.query('ROLLBACK');
        await locker.end();
      }
    });

    it.each(['SIGTERM', 'SIGINT'] as const)(
      'when %s stops it on its embedded database, then exit 0 and no postgres remains',
      async (signal) => {
        const dataDir = await mkdtemp(join(tmpdir(), 'caseops-shutdown-'));
        // mkdtemp makes the folder private; the cluster runs as the postgres user.
        await chmod(dataDir, 0o755);
        const port = await freePort();
        const service = runService(main, {
          DATA_DIR: dataDir,
          EMBEDDED_DATABASE_PORT: String(await freePort()),
          PORT: String(port),
        });
        try {
          await untilListening(service, port);
          expect(postgresProcessesOf(dataDir)).not.toHaveLength(0);

          service.child.kill(signal);

          await expect(exitWithin(service, EXIT_BOUND_MS)).resolves.toBe(0);
          expect(postgresProcessesOf(dataDir)).toEqual([]);
          expect(existsSync(join(dataDir, 'postgres/postmaster.pid'))).toBe(false);
        } finally {
          service.child.kill('SIGKILL');
          await rm(dataDir, { recursive: true, force: true });
        }
      },
      90_000,
    );
  });

  describe('configuration at start-up', () => {
    const startWith = async (env: Record<string, string>) => {
      const service = runService(main, env);
      const code = await exitWithin(service, EXIT_BOUND_MS);
      return { code, output: service.output() };
    };

    it('when PORT is not a number, then it stops non-zero naming PORT and its range', async () => {
      const { code, output } = await startWith({
        PORT: 'abc',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        AUTH_JWT_SECRET: TEST_SECRET,
      });

      expect(code).not.toBe(0);
      expect(output).toContain("PORT must be an integer from 0 to 65535; got 'abc'");
    });

    it('when several values are wrong, then every one of them is named at once', async () => {
      const { code, output } = await startWith({
        PORT: '70000',
        DATABASE_URL: 'mysql://db/caseops',
        DATABASE_RETRY_AFTER_SECONDS: 'soon',
        AUTH_JWT_SECRET: TEST_SECRET,
      });

      expect(code).not.toBe(0);
      for (const name of ['PORT', 'DATABASE_URL', 'DATABASE_RETRY_AFTER_SECONDS']) {
        expect(output).toContain(`${name} must be`);
      }
    });

    it('when DATABASE_URL is set and auth is not, then it stops naming the settings', async () => {
      const { code, output } = await startWith({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        PORT: String(await freePort()),
      });

      expect(code).not.toBe(0);
      for (const name of ['AUTH_JWKS_URI', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWT_SECRET']) {
        expect(output).toContain(name);
      }
    });

    it('when the database is unreachable, then start-up retries, then fails', async () => {
      const { code, output } = await startWith({
        DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/caseops`,
        DATABASE_STARTUP_WAIT_SECONDS: '3',
        AUTH_JWT_SECRET: TEST_SECRET,
        PORT: String(await freePort()),
      });

      expect(code).not.toBe(0);
      expect(output).toContain('Database not reachable yet; retrying');
      expect(output).toContain('ECONNREFUSED');
    });
  });
});

const CASES = '/beta/compliance/ediscovery/cases';

/** Just enough of the API for these tests, over real sockets. */
class ServiceClient {
  constructor(
    private readonly port: number,
    private readonly token: string,
  ) {}

  async createCase(): Promise<string> {
    const response = await this.send('POST', CASES, { displayName: `Shutdown ${Date.now()}` });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  renameCase(caseId: string, displayName: string): Promise<Response> {
    return this.send('PATCH', `${CASES}/${caseId}`, { displayName });
  }

  private send(method: string, path: string, body: unknown): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(EXIT_BOUND_MS),
    });
  }
}

async function lockCase(client: Client, caseId: string): Promise<void> {
  await client.query('BEGIN');
  await client.query('SELECT id FROM ediscovery_case WHERE id = $1 FOR UPDATE', [caseId]);
}

async function renamedInDatabase(client: Client, caseId: string): Promise<string> {
  const { rows } = await client.query<{ display_name: string }>(
    'SELECT display_name FROM ediscovery_case WHERE id = $1',
    [caseId],
  );
  return rows[0].display_name;
}

/** Waits until a session of the service waits for the row lock the test holds. */
async function untilBlocked(locker: Client, caseId: string): Promise<void> {
  const deadline = Date.now() + STEP_BOUND_MS;
  while (Date.now() < deadline) {
    // The locker holds its transaction open, and PostgreSQL keeps one activity snapshot per
    // transaction: clear it so each poll sees the server as it is now.
    await locker.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await locker.query(
      `SELECT 1 FROM pg_stat_activity
        WHERE application_name = 'caseops' AND wait_event_type = 'Lock'
          AND query LIKE '%ediscovery_case%'`,
    );
    if (rows.length > 0) return;
    await sleep(50);
  }
  throw new Error(`No request of the service waited for case ${caseId}'s lock`);
}

/** Waits until a new connection to `port` is refused. */
async function untilRefused(port: number): Promise<void> {
  const deadline = Date.now() + STEP_BOUND_MS;
  while (Date.now() < deadline) {
    if (await refusesConnections(port)) return;
    await sleep(50);
  }
  throw new Error(`Port ${port} still accepted connections after SIGTERM`);
}

/** Opens a fresh TCP connection: true when it is refused, false when the service accepts it. */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Processes whose command line names the data directory: postgres and its workers. */
function postgresProcessesOf(dataDir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => readCommandLine(pid))
    .filter((command) => command.includes('postgres') && command.includes(dataDir));
}

function readCommandLine(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

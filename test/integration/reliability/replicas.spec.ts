import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { MIGRATIONS } from '../../../migrations';
import { brokenPromises } from '../../support/acknowledged-writes';
import { recordFigures, scaled } from '../../support/chaos';
import { CASES, runMixedLoad } from '../../support/mixed-load';
import { BUILD_TIMEOUT_MS, buildService, BuiltService } from '../../support/service-process';
import { ServiceHttp } from '../../support/service-http';
import {
  LoadTenant,
  newLoadTenant,
  RunningService,
  startServiceForLoad,
} from '../../support/service-under-load';
import { WriteLedger } from '../../support/write-ledger';

const REPLICAS = 3;
const LOAD_MS = scaled(4_000);
const RACE_ROUNDS = scaled(10);
const EXPORT = { action: 'contentExport', status: 'running' };

/** Three service processes started together on one fresh, empty database. */
describe('replicas on one database', () => {
  let build: BuiltService | undefined;
  let admin: Client;
  let databaseName: string;
  let databaseUrl: string;
  let replicas: RunningService[] = [];

  beforeAll(async () => {
    build = await buildService();
    admin = new Client({ connectionString: suiteDatabaseUrl(), application_name: 'caseops-tests' });
    await admin.connect();
    databaseName = `caseops_replicas_${randomUUID().replace(/-/g, '')}`;
    await admin.query(`CREATE DATABASE ${databaseName}`);
    databaseUrl = urlOfDatabase(databaseName);

    const main = build.main;
    replicas = await Promise.all(
      Array.from({ length: REPLICAS }, () => startServiceForLoad(main, databaseUrl)),
    );
  }, BUILD_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    for (const replica of replicas) replica.process.child.kill('SIGKILL');
    await Promise.all(replicas.map((replica) => replica.process.exited()));
    await admin?.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin?.end();
    await build?.remove();
  }, 60_000);

  it('when replicas start together on an empty database, then it is migrated once', async () => {
    const readiness = await Promise.all(
      replicas.map((replica) => fetch(`http://127.0.0.1:${replica.port}/health/ready`)),
    );
    const recorded = await inDatabase<{ name: string; times: number }>(
      'SELECT name, count(*)::int AS times FROM schema_migration GROUP BY name ORDER BY name',
    );

    expect(readiness.map((response) => response.status)).toEqual([200, 200, 200]);
    const names = MIGRATIONS.map((migration) => new migration().name ?? migration.name).sort();
    expect(recorded).toEqual(names.map((name) => ({ name, times: 1 })));
  });

  it(
    'when a mixed load and racing PATCHes are spread over the replicas, then every ' +
      'acknowledged write is stored and no update is lost',
    async () => {
      const ledger = new WriteLedger();
      const tenant = await newLoadTenant(
        replicas.map((replica) => replica.port),
        { keepAlive: true },
      );
      const loadEnds = Date.now() + LOAD_MS;

      const [report, unconditional, conditional] = await Promise.all([
        runMixedLoad({
          services: tenant.clients,
          caseIds: tenant.caseIds,
          loops: 9,
          outageAllowed: false,
          done: () => Date.now() > loadEnds,
          ledger,
        }),
        raceWithoutIfMatch(tenant, ledger),
        raceWithIfMatch(tenant, ledger),
      ]);

      expect(report.surprises).toEqual([]);
      expect(unconditional.unexpected).toEqual([]);
      expect(conditional.winnersPerTag).toEqual(conditional.winnersPerTag.map(() => 1));
      expect(conditional.unexpected).toEqual([]);
      await expect(brokenPromises(databaseUrl, tenant.tenantId, ledger)).resolves.toEqual([]);
      recordFigures('replicas', {
        calls: report.calls.length,
        tally: report.tally,
        acknowledgedCreates: ledger.operations.size,
        acknowledgedUpdates: ledger.acknowledgedUpdates(),
        unconditionalPatches: unconditional.sent,
        conditionalTags: conditional.winnersPerTag.length,
      });
    },
    LOAD_MS + 120_000,
  );

  const inDatabase = async <T>(sql: string): Promise<T[]> => {
    const client = new Client({ connectionString: databaseUrl, application_name: 'caseops-tests' });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const urlOfDatabase = (name: string): string => {
    const url = new URL(suiteDatabaseUrl());
    url.pathname = `/${name}`;
    return url.toString();
  };
});

/**
 * Each replica in turn sends a description PATCH, without If-Match, to the same operations at
 * once. Every 204 must bump the version: the ledger then expects version = 1 + the 204s.
 */
async function raceWithoutIfMatch(tenant: LoadTenant, ledger: WriteLedger) {
  const ids = await createOperations(tenant, ledger, 3);
  const unexpected: string[] = [];
  let sent = 0;
  for (let round = 0; round < RACE_ROUNDS; round++) {
    const patches = ids.flatMap((id) =>
      tenant.clients.map(async (client, replica) => {
        sent += 1;
        const body = { description: `round ${round} from replica ${replica}` };
        const outcome = await client.send({ method: 'PATCH', path: pathOf(ledger, id), body });
        if (outcome.kind === 'answered' && outcome.status === 204) ledger.updated(id);
        else unexpected.push(`${id}: ${JSON.stringify(outcome)}`.slice(0, 300));
      }),
    );
    await Promise.all(patches);
  }
  return { sent, unexpected };
}

/**
 * Each round reads an operation's ETag, then every replica sends a PATCH with that If-Match at
 * once: exactly one may win (204), the others get 412.
 */
async function raceWithIfMatch(tenant: LoadTenant, ledger: WriteLedger) {
  const ids = await createOperations(tenant, ledger, 3);
  const winnersPerTag: number[] = [];
  const unexpected: string[] = [];
  for (let round = 0; round < RACE_ROUNDS; round++) {
    for (const id of ids) {
      const etag = await etagOf(tenant.clients[round % REPLICAS], pathOf(ledger, id));
      const outcomes = await Promise.all(
        tenant.clients.map((client, replica) =>
          client.send({
            method: 'PATCH',
            path: pathOf(ledger, id),
            headers: { 'If-Match': etag },
            body: { description: `tag ${etag} from replica ${replica}` },
          }),
        ),
      );
      const statuses = outcomes.map((outcome) =>
        outcome.kind === 'answered' ? outcome.status : 0,
      );
      winnersPerTag.push(statuses.filter((status) => status === 204).length);
      unexpected.push(...statuses.filter((status) => status !== 204 && status !== 412).map(String));
      for (const status of statuses) if (status === 204) ledger.updated(id);
    }
  }
  return { winnersPerTag, unexpected };
}

async function createOperations(
  tenant: LoadTenant,
  ledger: WriteLedger,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const caseId = tenant.caseIds[index % tenant.caseIds.length];
    const created = await tenant.clients[index % REPLICAS].send({
      method: 'POST',
      path: `${CASES}/${caseId}/operations`,
      body: EXPORT,
    });
    if (created.kind !== 'answered' || created.status !== 201) throw new Error('Create failed');
    const id = (created.body as { id: string }).id;
    ledger.created(id, caseId);
    ids.push(id);
  }
  return ids;
}

function pathOf(ledger: WriteLedger, operationId: string): string {
  return `${CASES}/${ledger.operations.get(operationId)?.caseId}/operations/${operationId}`;
}

async function etagOf(client: ServiceHttp, path: string): Promise<string> {
  const read = await client.send({ method: 'GET', path });
  if (read.kind !== 'answered' || read.status !== 200) throw new Error(`GET ${path} failed`);
  return String(read.headers.etag);
}

function suiteDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (url === undefined) throw new Error('The integration global set-up did not run.');
  return url;
}

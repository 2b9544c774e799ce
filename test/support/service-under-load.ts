import { randomUUID } from 'node:crypto';

import { CASES } from './mixed-load';
import { runService, ServiceProcess, untilListening } from './service-process';
import { ServiceHttp } from './service-http';
import { freePort } from './test-database';
import { hs256Token, TEST_SECRET } from './tokens';

/** Every call of a load gives up after this long: a hang fails the test rather than stalls it. */
export const CALL_BOUND_MS = 15_000;

/** A built caseops process listening on `port`. */
export interface RunningService {
  readonly process: ServiceProcess;
  readonly port: number;
}

/**
 * Starts the built service on `databaseUrl` with rate limits so high they count every request
 * but refuse none, and warnings only in its output (a load writes many request lines).
 */
export async function startServiceForLoad(
  main: string,
  databaseUrl: string,
  settings: Readonly<Record<string, string>> = {},
): Promise<RunningService> {
  const port = await freePort();
  const service = runService(main, {
    DATABASE_URL: databaseUrl,
    AUTH_JWT_SECRET: TEST_SECRET,
    PORT: String(port),
    RATE_LIMIT_TENANT_PER_MINUTE: '10000000',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '10000000',
    LOG_LEVEL: 'warn',
    ...settings,
  });
  await untilListening(service, port);
  return { process: service, port };
}

/** A fresh tenant with a few active cases, and one client per service for it. */
export interface LoadTenant {
  readonly tenantId: string;
  readonly clients: ServiceHttp[];
  readonly caseIds: string[];
}

/** Creates a tenant's cases through the first service and opens a client to each service. */
export async function newLoadTenant(
  ports: readonly number[],
  options: { readonly keepAlive: boolean; readonly cases?: number },
): Promise<LoadTenant> {
  const tenantId = randomUUID();
  const token = await hs256Token(TEST_SECRET, { tenantId });
  const clients = ports.map(
    (port) =>
      new ServiceHttp(port, token, { keepAlive: options.keepAlive, timeoutMillis: CALL_BOUND_MS }),
  );

  const caseIds: string[] = [];
  for (let index = 0; index < (options.cases ?? 4); index++) {
    const created = await clients[0].send({
      method: 'POST',
      path: CASES,
      body: { displayName: `Load case ${index}` },
    });
    if (created.kind !== 'answered' || created.status !== 201) {
      throw new Error(`Could not create a case: ${JSON.stringify(created)}`);
    }
    caseIds.push((created.body as { id: string }).id);
  }
  return { tenantId, clients, caseIds };
}

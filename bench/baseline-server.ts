import { createServer, IncomingMessage, ServerResponse } from 'node:http';

import { poolFromEnvironment, RawAnswer, rawRoutes } from './raw-routes';

/**
 * The yardstick: the same SQL as caseops for the benchmarked routes, on a plain node:http
 * server with pg, no framework, no authentication, no validation. Started by bench/run.ts.
 */
const routes = rawRoutes(poolFromEnvironment(), process.env.BENCH_TENANT_ID ?? '');
const ROUTE =
  /^\/beta\/compliance\/ediscovery\/cases\/([0-9a-f-]{36})\/operations(?:\/([0-9a-f-]{36}))?$/;

async function handle(request: IncomingMessage): Promise<RawAnswer> {
  const [, caseId, operationId] = ROUTE.exec((request.url ?? '').split('?')[0]) ?? [];
  if (caseId === undefined) return { status: 404, body: { error: 'not found' } };

  if (request.method === 'POST' && operationId === undefined) {
    return routes.create(caseId, JSON.parse(await read(request)) as { action: string });
  }
  if (request.method === 'GET' && operationId === undefined) return routes.list(caseId);
  if (request.method === 'GET') return routes.get(caseId, operationId);
  if (request.method === 'PATCH') {
    const body = JSON.parse(await read(request)) as { percentProgress: number };
    return routes.update(caseId, operationId, body);
  }
  return { status: 405, body: { error: 'method not allowed' } };
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, { status, body }: RawAnswer): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(text);
}

createServer((request, response) => {
  handle(request).then(
    (answer) => send(response, answer),
    () => send(response, { status: 500, body: { error: 'failed' } }),
  );
}).listen(Number(process.env.PORT ?? 3100), '127.0.0.1');

import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One API call: a path under the service's root and an optional JSON body. */
export interface ApiCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What became of one call. Times are `performance.now()` readings. */
export type CallOutcome = Answered | NotAnswered;

export interface Answered {
  readonly kind: 'answered';
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly startedAt: number;
  /** When the whole request had been handed to the connection (undefined: never). */
  readonly sentAt: number | undefined;
  readonly elapsedMillis: number;
}

export interface NotAnswered {
  readonly kind: 'notAnswered';
  /** The socket error's code (`ECONNREFUSED`, `ECONNRESET`, …) or `TIMEOUT`. */
  readonly code: string;
  readonly startedAt: number;
  readonly sentAt: number | undefined;
  readonly elapsedMillis: number;
}

export interface ServiceHttpOptions {
  /** Reuse connections (a load's normal shape) or open one per call (to observe a shutdown). */
  readonly keepAlive: boolean;
  /** Every call gives up after this long, so a hung service fails a test instead of stalling it. */
  readonly timeoutMillis: number;
}

/** A bounded HTTP client of one service process, with a bearer token on every call. */
export class ServiceHttp {
  private readonly agent: Agent | false;

  constructor(
    readonly port: number,
    private readonly token: string,
    private readonly options: ServiceHttpOptions,
  ) {
    this.agent = options.keepAlive ? new Agent({ keepAlive: true, maxSockets: 64 }) : false;
  }

  /** Never rejects: a call that gets no answer resolves as {@link NotAnswered}. */
  send(call: ApiCall): Promise<CallOutcome> {
    const startedAt = performance.now();
    let sentAt: number | undefined;
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);

    return new Promise((resolve) => {
      const notAnswered = (code: string) =>
        resolve({ kind: 'notAnswered', code, startedAt, sentAt, elapsedMillis: since(startedAt) });
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: call.method,
          path: call.path,
          agent: this.agent,
          headers: this.headersOf(call, payload),
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', (error: NodeJS.ErrnoException) => notAnswered(error.code ?? 'ERR'));
          incoming.on('end', () =>
            resolve({
              kind: 'answered',
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: parseJson(Buffer.concat(chunks).toString()),
              startedAt,
              sentAt,
              elapsedMillis: since(startedAt),
            }),
          );
        },
      );
      outgoing.setTimeout(this.options.timeoutMillis, () => {
        outgoing.destroy();
        notAnswered('TIMEOUT');
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => notAnswered(error.code ?? 'ERR'));
      outgoing.on('finish', () => (sentAt = performance.now()));
      outgoing.end(payload);
    });
  }

  close(): void {
    if (this.agent !== false) this.agent.destroy();
  }

  private headersOf(call: ApiCall, payload: string | undefined): Record<string, string> {
    return {
      Authorization: `Bearer ${this.token}`,
      ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(this.options.keepAlive ? {} : { Connection: 'close' }),
      ...call.headers,
    };
  }
}

function since(startedAt: number): number {
  return performance.now() - startedAt;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

import autocannon from 'autocannon';

/** One load run against one server and route. */
export interface LoadSpec {
  readonly url: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly headers: Record<string, string>;
  /** Builds each request's path and body; called once per request. */
  readonly next: () => { path: string; body?: string };
  readonly connections: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** Runs autocannon for `seconds` and reports throughput, latency and failures. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        method: spec.method,
        headers: spec.headers,
        setupRequest: (request) => ({ ...request, ...spec.next() }),
      },
    ],
  });

  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** A short run whose figures are thrown away, so JIT, pools and caches are warm. */
export async function warmUp(spec: LoadSpec, seconds: number): Promise<void> {
  await runLoad({ ...spec, seconds });
}

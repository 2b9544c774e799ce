import { Inject, Injectable } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';

import { routePattern } from '../http/route-pattern';

const LABELS = ['method', 'route', 'status'] as const;

/** Counts and times every HTTP request by method, route pattern and status. */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<(typeof LABELS)[number]>;
  private readonly durations: Histogram<(typeof LABELS)[number]>;

  constructor(@Inject(Registry) registry: Registry) {
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: LABELS,
      registers: [registry],
    });
    this.durations = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to sending the last byte of its response.',
      labelNames: LABELS,
      registers: [registry],
    });
  }

  /** Express middleware that records each request once its response has been sent. */
  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => this.record(request, response, started));
    next();
  };

  private record(request: Request, response: Response, started: bigint): void {
    const labels = {
      method: request.method,
      route: routePattern(request),
      status: String(response.statusCode),
    };
    this.requests.inc(labels);
    this.durations.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

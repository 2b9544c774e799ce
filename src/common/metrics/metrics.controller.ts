import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';

import { Public } from '../../auth/public.decorator';
import { METRICS_ROUTE } from './metrics.path';

/** Serves the Prometheus text exposition to scrapers; it carries no tenant data. */
@ApiExcludeController()
@Public()
@Controller(METRICS_ROUTE)
export class MetricsController {
  constructor(@Inject(Registry) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

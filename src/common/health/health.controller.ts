import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';

import { Public } from '../../auth/public.decorator';
import { HealthReportFilter } from './health-report.filter';
import { SchemaHealthIndicator } from './schema.health';

/**
 * How long readiness waits for each database check. Short, so a probe answers before its own
 * timeout, yet long enough that a busy but healthy database is not reported down.
 */
const READINESS_TIMEOUT_MS = 2000;

@Public()
@ApiExcludeController()
@UseFilters(HealthReportFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly schema: SchemaHealthIndicator,
  ) {}

  /** The process is up and serving HTTP; it checks nothing else, so a restart cannot help. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The database answers and every migration the service knows has been applied. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: READINESS_TIMEOUT_MS }),
      () => this.schema.isCurrent('migrations', READINESS_TIMEOUT_MS),
    ]);
  }
}

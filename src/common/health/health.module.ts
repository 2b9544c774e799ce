import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthController } from './health.controller';
import { SchemaHealthIndicator } from './schema.health';

/** Paths of the probes, served outside the `/beta` prefix and without a token. */
export const HEALTH_ROUTES = ['health/live', 'health/ready'];

/** Liveness and readiness probes for orchestrators and load balancers. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [SchemaHealthIndicator],
})
export class HealthModule {}

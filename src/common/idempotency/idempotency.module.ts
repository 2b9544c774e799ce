import { Global, Module } from '@nestjs/common';

import { IdempotencyStore } from './idempotency.store';
import { IdempotentCreation } from './idempotent-creation';

/** Idempotency-Key support for the creation routes of every resource. */
@Global()
@Module({
  providers: [IdempotencyStore, IdempotentCreation],
  exports: [IdempotentCreation],
})
export class IdempotencyModule {}

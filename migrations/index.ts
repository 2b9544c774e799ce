import { InitialSchema1764720000000 } from './1764720000000-initial-schema';
import { ServiceSecret1764720100000 } from './1764720100000-service-secret';
import { ListingIndexes1764720200000 } from './1764720200000-listing-indexes';
import { RequestQuota1764720300000 } from './1764720300000-request-quota';
import { IdempotencyKey1764720450000 } from './1764720450000-idempotency-key';

/** Every migration, oldest first. A new migration is added here as well as in this folder. */
export const MIGRATIONS = [
  InitialSchema1764720000000,
  ServiceSecret1764720100000,
  ListingIndexes1764720200000,
  RequestQuota1764720300000,
  IdempotencyKey1764720450000,
];

import { DomainError } from '../domain/domain-error';

/** The caller's copy is out of date: what it expected is no longer what is stored. */
export class StaleVersion extends DomainError {
  readonly code = 'entityTagDoesNotMatch';
  readonly kind = 'stale';

  constructor() {
    super('The entity has changed since the supplied ETag was issued.');
  }
}

/** Writers kept colliding on the same entity; the caller may retry. */
export class ConcurrentChange extends DomainError {
  readonly code = 'concurrentChange';
  readonly kind = 'conflict';

  constructor() {
    super('The entity is being changed by other requests at the same time; retry the request.');
  }
}

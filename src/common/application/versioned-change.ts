import { ConcurrentChange, StaleVersion } from './stale-version.error';

interface Versioned {
  readonly version: number;
}

/** The version a caller says it last saw (from If-Match); undefined or `*` means any. */
export type ExpectedVersion = number | '*' | undefined;

export interface VersionedChange<T extends Versioned> {
  readonly load: () => Promise<T>;
  readonly change: (entity: T) => void;
  readonly save: (entity: T) => Promise<T | null>;
  readonly expectedVersion?: ExpectedVersion;
}

const MAX_ATTEMPTS = 12;

/**
 * Load, decide and save as a compare-and-set on the version. Without an expected version a
 * lost race is retried on fresh state, so concurrent writers never overwrite each other; with
 * one, the caller asked to change exactly what it saw, so a mismatch is refused instead.
 */
export async function applyVersionedChange<T extends Versioned>(
  request: VersionedChange<T>,
): Promise<T> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const entity = await request.load();
    checkExpected(entity, request.expectedVersion);

    request.change(entity);
    const saved = await request.save(entity);
    if (saved !== null) return saved;

    await pause(attempt);
  }
  throw new ConcurrentChange();
}

export function checkExpected(entity: Versioned, expected: ExpectedVersion): void {
  if (typeof expected === 'number' && entity.version !== expected) throw new StaleVersion();
}

/** Backs off a little, with jitter, so colliding writers spread out. */
function pause(attempt: number): Promise<void> {
  const millis = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, millis));
}

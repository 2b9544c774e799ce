import { createHash } from 'node:crypto';

/**
 * What makes two uses of one idempotency key the same request: the method, the path and the
 * validated body, with object properties in a fixed order so that property order is no
 * difference. A SHA-256 digest in hex.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path.toLowerCase()}\n`)
    .update(canonicalJson(body))
    .digest('hex');
}

/** JSON with every object's properties sorted by name; undefined properties are left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, member: unknown) => sortedObject(member)) ?? 'null';
}

function sortedObject(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;

  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { GraphError } from '../http/graph-error';
import { OrderKey } from './order-by.parser';
import {
  fitsType,
  PropertyType,
  PropertyValue,
  QueryableProperties,
  requireProperty,
} from './queryable-property';

/** What a `$skiptoken` is only valid for: one tenant, one collection, one normalized query. */
export interface SkipTokenBinding {
  readonly tenantId: string;
  /** The collection the list reads, e.g. `cases/{caseId}/operations`. */
  readonly collection: string;
  /** `queryFingerprint` of the request's options. */
  readonly query: string;
}

interface SkipTokenPayload {
  readonly v: number;
  readonly b: string;
  readonly k: string[];
  readonly c: unknown[];
}

export const SKIP_TOKEN_VERSION = 1;
const MAX_TOKEN_LENGTH = 4096;
const MIN_SECRET_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function invalidSkipToken(): GraphError {
  return GraphError.badRequest('$skiptoken is not valid for this request', {
    target: '$skiptoken',
  });
}

/**
 * Writes and reads the opaque `$skiptoken` of a next link: the last row's order-key values,
 * signed with HMAC-SHA256 so that a client can neither forge a position nor carry a token over
 * to another tenant, collection or query. Values are readable by whoever holds the token,
 * which is the client that was just sent that row.
 */
export class SkipTokenCodec {
  private readonly secret: Buffer;

  constructor(secret: string | Buffer) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (this.secret.length < MIN_SECRET_BYTES) {
      throw new Error(`the skip token secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
  }

  encode(
    keys: readonly OrderKey[],
    cursor: readonly PropertyValue[],
    properties: QueryableProperties,
    binding: SkipTokenBinding,
  ): string {
    assertCursorFits(keys, cursor, properties);
    const payload: SkipTokenPayload = {
      v: SKIP_TOKEN_VERSION,
      b: bindingDigest(binding),
      k: keys.map(describeKey),
      c: cursor.map((value) => (value instanceof Date ? value.toISOString() : value)),
    };

    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Returns the cursor a token carries, or throws the one 400 every invalid token gets. */
  decode(
    token: string,
    keys: readonly OrderKey[],
    properties: QueryableProperties,
    binding: SkipTokenBinding,
  ): PropertyValue[] {
    const payload = this.verifiedPayload(token);
    const matches =
      payload.v === SKIP_TOKEN_VERSION &&
      payload.b === bindingDigest(binding) &&
      sameKeys(payload.k, keys) &&
      payload.c.length === keys.length;
    if (!matches) {
      throw invalidSkipToken();
    }

    return keys.map((key, index) => readCursorValue(payload.c[index], key, properties));
  }

  private verifiedPayload(token: string): SkipTokenPayload {
    if (token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) {
      throw invalidSkipToken();
    }

    const [body, signature] = token.split('.');
    const expected = Buffer.from(this.sign(body), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw invalidSkipToken();
    }
    return parsePayload(Buffer.from(body, 'base64url').toString('utf8'));
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function parsePayload(json: string): SkipTokenPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalidSkipToken();
  }

  if (!isPayload(parsed)) {
    throw invalidSkipToken();
  }
  return parsed;
}

function isPayload(value: unknown): value is SkipTokenPayload {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.v === 'number' &&
    typeof candidate.b === 'string' &&
    Array.isArray(candidate.k) &&
    candidate.k.every((key) => typeof key === 'string') &&
    Array.isArray(candidate.c)
  );
}

function bindingDigest(binding: SkipTokenBinding): string {
  const material = JSON.stringify([binding.tenantId, binding.collection, binding.query]);
  return createHash('sha256').update(material).digest('base64url').slice(0, 22);
}

function describeKey(key: OrderKey): string {
  return `${key.path} ${key.direction}`;
}

function sameKeys(written: readonly string[], keys: readonly OrderKey[]): boolean {
  return written.length === keys.length && keys.every((key, i) => written[i] === describeKey(key));
}

function assertCursorFits(
  keys: readonly OrderKey[],
  cursor: readonly PropertyValue[],
  properties: QueryableProperties,
): void {
  if (cursor.length !== keys.length) {
    throw new Error(
      `a cursor needs one value per order key (${keys.length}), got ${cursor.length}`,
    );
  }

  keys.forEach((key, index) => {
    const property = requireProperty(properties, key.path);
    const value = cursor[index];
    const fits = value === null ? property.nullable : fitsType(property.type, value);
    if (!fits) {
      throw new Error(`cursor value for '${key.path}' does not fit its declared type`);
    }
  });
}

// A token is signed, so a value that does not fit means a changed schema or a leaked secret;
// either way the client gets the same answer as for any other invalid token.
function readCursorValue(
  raw: unknown,
  key: OrderKey,
  properties: QueryableProperties,
): PropertyValue {
  const property = requireProperty(properties, key.path);
  if (raw === null) {
    return property.nullable ? null : rejectToken();
  }

  const value = fromJson(raw, property.type);
  return value !== undefined && fitsType(property.type, value) ? value : rejectToken();
}

function fromJson(raw: unknown, type: PropertyType): PropertyValue | undefined {
  if (type.kind === 'int32') {
    return typeof raw === 'number' ? raw : undefined;
  }
  if (typeof raw !== 'string') {
    return undefined;
  }
  if (type.kind !== 'dateTime') {
    return raw;
  }

  const date = new Date(raw);
  return !Number.isNaN(date.getTime()) && date.toISOString() === raw ? date : undefined;
}

function rejectToken(): never {
  throw invalidSkipToken();
}

import fc from 'fast-check';
import { createHmac } from 'node:crypto';

import { OrderKey, SkipTokenBinding, SkipTokenCodec } from '../../../src/common/odata';
import { orderKeysArbitrary, rowArbitrary } from './odata-reference';
import { operationProperties } from './operation-properties.fixture';
import { badRequestMessage, refusal } from './refusal.helper';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const codec = new SkipTokenCodec(SECRET);
const KEYS: OrderKey[] = [
  { path: 'completedDateTime', direction: 'desc' },
  { path: 'id', direction: 'asc' },
];
const CURSOR = [new Date('2024-05-01T10:00:00.007Z'), '3f2504e0-4f89-11d3-9a0c-0305e82c3301'];
const BINDING: SkipTokenBinding = {
  tenantId: 'tenant-a',
  collection: 'cases/c1/operations',
  query: '["q"]',
};
const INVALID = '$skiptoken is not valid for this request';

const encode = (binding = BINDING) => codec.encode(KEYS, CURSOR, operationProperties, binding);
const signed = (json: string) => {
  const body = Buffer.from(json, 'utf8').toString('base64url');
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
};
const payloadOf = (token: string) => {
  const [body] = token.split('.');
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
};
const decode = (token: string, binding = BINDING, keys = KEYS) =>
  codec.decode(token, keys, operationProperties, binding);

describe('SkipTokenCodec', () => {
  it('gives back the cursor it was given, dates to the millisecond', () => {
    expect(decode(encode())).toEqual(CURSOR);
  });

  it('writes a URL-safe token', () => {
    expect(encode()).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('when any cursor of any order is encoded, then it decodes to the same values', () => {
    fc.assert(
      fc.property(orderKeysArbitrary, rowArbitrary, (keys, row) => {
        const cursor = keys.map((key) => row[key.path]);
        const token = codec.encode(keys, cursor, operationProperties, BINDING);
        expect(codec.decode(token, keys, operationProperties, BINDING)).toEqual(cursor);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a token issued for another tenant, collection or query', () => {
    const token = encode();
    expect(badRequestMessage(() => decode(token, { ...BINDING, tenantId: 'tenant-b' }))).toBe(
      INVALID,
    );
    expect(
      badRequestMessage(() => decode(token, { ...BINDING, collection: 'cases/c2/operations' })),
    ).toBe(INVALID);
    expect(badRequestMessage(() => decode(token, { ...BINDING, query: '["other"]' }))).toBe(
      INVALID,
    );
  });

  it('refuses a token for another order', () => {
    const keys: OrderKey[] = [
      { path: 'completedDateTime', direction: 'asc' },
      { path: 'id', direction: 'asc' },
    ];
    expect(badRequestMessage(() => decode(encode(), BINDING, keys))).toBe(INVALID);
  });

  it('refuses a token signed with another secret', () => {
    const other = new SkipTokenCodec(`${SECRET}-rotated`);
    const token = other.encode(KEYS, CURSOR, operationProperties, BINDING);
    expect(badRequestMessage(() => decode(token))).toBe(INVALID);
  });

  it('refuses a token whose payload was changed, even with a valid shape', () => {
    const token = encode();
    const signature = token.split('.')[1];
    const payload = { ...payloadOf(token), c: ['2030-01-01T00:00:00.000Z', CURSOR[1]] };
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
    expect(badRequestMessage(() => decode(forged))).toBe(INVALID);
  });

  it('answers every malformed token with the same 400, never a crash', () => {
    const malformed = [
      '',
      'abc',
      'a.b.c',
      '!!!.???',
      `${encode()}x`,
      'x'.repeat(5000),
      signed('not json'),
      signed('null'),
      signed('{"v":2,"b":"x","k":[],"c":[]}'),
    ];
    for (const token of malformed) {
      expect(refusal(() => decode(token))).toMatchObject({
        status: 400,
        message: INVALID,
        options: { target: '$skiptoken' },
      });
    }
  });

  it('refuses a signed cursor whose values do not fit the properties', () => {
    const genuine = payloadOf(encode());

    for (const c of [
      ['2024-05-01T10:00:00.007+00:00', CURSOR[1]],
      ['yesterday', CURSOR[1]],
      [null, null],
      [5, CURSOR[1]],
    ]) {
      expect(badRequestMessage(() => decode(signed(JSON.stringify({ ...genuine, c }))))).toBe(
        INVALID,
      );
    }
    expect(decode(signed(JSON.stringify({ ...genuine, c: [null, CURSOR[1]] })))).toEqual([
      null,
      CURSOR[1],
    ]);
  });

  it('refuses a signed token of another format version', () => {
    const genuine = payloadOf(encode());
    expect(decode(signed(JSON.stringify(genuine)))).toEqual(CURSOR);
    expect(badRequestMessage(() => decode(signed(JSON.stringify({ ...genuine, v: 2 }))))).toBe(
      INVALID,
    );
  });

  it('refuses to encode a cursor that does not fit the properties', () => {
    expect(() => codec.encode(KEYS, [CURSOR[0], null], operationProperties, BINDING)).toThrow(
      /cursor value for 'id'/,
    );
    expect(() => codec.encode(KEYS, [CURSOR[0]], operationProperties, BINDING)).toThrow(
      /one value per order key/,
    );
  });

  it('refuses a short secret', () => {
    expect(() => new SkipTokenCodec('short')).toThrow(/at least 32 bytes/);
  });
});

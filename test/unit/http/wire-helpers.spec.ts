import type { Request } from 'express';

import { StaleVersion } from '../../../src/common/application/stale-version.error';
import { isDateTimeOffset } from '../../../src/common/http/date-time-offset.validator';
import { entityTag, expectedVersionFrom, isNotModified } from '../../../src/common/http/entity-tag';
import { GraphError } from '../../../src/common/http/graph-error';
import { readPreferences } from '../../../src/common/http/preferences';

/** A request carrying only these headers, read case-insensitively as Express does. */
function requestWith(headers: Record<string, string> = {}): Request {
  const byName = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return { header: (name: string) => byName.get(name.toLowerCase()) } as unknown as Request;
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

describe('isDateTimeOffset', () => {
  it.each([
    '2026-12-03T09:30:00Z',
    '2026-12-03T09:30:00+02:00',
    '2026-12-03T09:30:00-05:30',
    '2026-12-03T09:30:00.1234567Z',
    '2026-12-03T09:30:00.5+14:00',
    '2026-12-03T09:30Z',
    '2024-02-29T23:59:59Z',
    '2000-02-29T00:00:00Z',
  ])('accepts %s', (value) => {
    expect(isDateTimeOffset(value)).toBe(true);
  });

  it.each([
    ['no offset', '2026-12-03T09:30:00'],
    ['a date only', '2026-12-03'],
    ['the 30th of February', '2024-02-30T09:30:00Z'],
    ['the 29th of February of a common year', '2023-02-29T09:30:00Z'],
    ['the 29th of February of 1900', '1900-02-29T09:30:00Z'],
    ['month 13', '2026-13-03T09:30:00Z'],
    ['hour 25', '2026-12-03T25:00:00Z'],
    ['hour 24', '2026-12-03T24:00:00Z'],
    ['minute 60', '2026-12-03T09:60:00Z'],
    ['eight fractional digits', '2026-12-03T09:30:00.12345678Z'],
    ['an offset of 24 hours', '2026-12-03T09:30:00+24:00'],
    ['an offset without a colon', '2026-12-03T09:30:00+0200'],
    ['a space for T', '2026-12-03 09:30:00Z'],
    ['garbage', 'next tuesday'],
    ['an empty string', ''],
    ['trailing text', '2026-12-03T09:30:00Zjunk'],
  ])('refuses %s', (_, value) => {
    expect(isDateTimeOffset(value)).toBe(false);
  });

  it.each([[1_700_000_000_000], [new Date('2026-12-03T09:30:00Z')], [null], [undefined]])(
    'refuses the non-string %p',
    (value) => {
      expect(isDateTimeOffset(value)).toBe(false);
    },
  );
});

describe('expectedVersionFrom (If-Match)', () => {
  it('when there is no If-Match, then any version is expected', () => {
    expect(expectedVersionFrom(requestWith())).toBeUndefined();
  });

  it.each([
    ['W/"3"', 3],
    ['"3"', 3],
    ['  W/"42"  ', 42],
    ['*', '*'],
  ])('reads %s as %p', (header, expected) => {
    expect(expectedVersionFrom(requestWith({ 'If-Match': header }))).toBe(expected);
  });

  it.each(['3', 'W/3', '"3', 'W/"3", W/"4"', ''])(
    'when If-Match is the malformed %p, then it is a 400 naming the header',
    (header) => {
      const error = thrownBy(() => expectedVersionFrom(requestWith({ 'If-Match': header })));

      expect(error).toBeInstanceOf(GraphError);
      expect(error).toMatchObject({ status: 400, code: 'badRequest' });
      expect((error as GraphError).options.target).toBe('If-Match');
    },
  );

  it.each(['W/"abc"', '"-1"', '""', '"1234567890"'])(
    'when If-Match is the well-formed tag %s that caseops never issues, then it is stale',
    (header) => {
      const error = thrownBy(() => expectedVersionFrom(requestWith({ 'If-Match': header })));

      expect(error).toBeInstanceOf(StaleVersion);
      expect(error).toMatchObject({ code: 'entityTagDoesNotMatch', kind: 'stale' });
    },
  );

  it('reads back the tag it issued', () => {
    const tag = entityTag(17);

    expect(tag).toBe('W/"17"');
    expect(expectedVersionFrom(requestWith({ 'If-Match': tag }))).toBe(17);
  });
});

describe('isNotModified (If-None-Match)', () => {
  it.each([
    ['W/"3"', true],
    ['"3"', true],
    ['*', true],
    ['W/"2"', false],
    ['"4"', false],
    ['W/"1", W/"3"', true],
    ['W/"1",W/"2"', false],
    ['W/"abc"', false],
  ])(
    'when If-None-Match is %s and the version is 3, then not modified is %p',
    (header, expected) => {
      expect(isNotModified(requestWith({ 'If-None-Match': header }), 3)).toBe(expected);
    },
  );

  it('when there is no If-None-Match, then the entity is sent', () => {
    expect(isNotModified(requestWith(), 3)).toBe(false);
  });
});

describe('readPreferences (Prefer)', () => {
  const nothing = {
    returnMinimal: false,
    returnRepresentation: false,
    includeUnknownEnumMembers: false,
    maxPageSize: undefined,
  };

  it('when there is no Prefer header, then nothing is preferred', () => {
    expect(readPreferences(requestWith())).toEqual(nothing);
  });

  it('reads several preferences with spaces and any case', () => {
    const request = requestWith({
      Prefer: ' Return = Representation ,include-unknown-enum-members,  odata.MaxPageSize = 25 ',
    });

    expect(readPreferences(request)).toEqual({
      returnMinimal: false,
      returnRepresentation: true,
      includeUnknownEnumMembers: true,
      maxPageSize: 25,
    });
  });

  it('reads return=minimal', () => {
    expect(readPreferences(requestWith({ prefer: 'return=minimal' }))).toEqual({
      ...nothing,
      returnMinimal: true,
    });
  });

  it.each([
    'odata.maxpagesize=0',
    'odata.maxpagesize=-5',
    'odata.maxpagesize=2.5',
    'odata.maxpagesize=ten',
    'odata.maxpagesize=',
  ])('when the page size is given as %s, then no page size is preferred', (header) => {
    expect(readPreferences(requestWith({ Prefer: header })).maxPageSize).toBeUndefined();
  });

  it('ignores preferences it does not know', () => {
    expect(
      readPreferences(requestWith({ Prefer: 'respond-async, wait=10, handling=strict' })),
    ).toEqual(nothing);
  });

  it('does not mistake a longer name for a known preference', () => {
    expect(
      readPreferences(requestWith({ Prefer: 'return=minimalist, x-odata.maxpagesize=5' })),
    ).toEqual(nothing);
  });
});

import { ComparisonOperator } from './filter.ast';
import { filterError } from './filter.tokenizer';
import { PropertyType, PropertyValue, QueryableProperty } from './queryable-property';

/** A literal as the client wrote it, before the property it meets gives it a type. */
export interface RawLiteral {
  readonly text: string;
  readonly quoted: boolean;
  readonly position: number;
}

/** Where a literal is being typed, for the messages of its refusals. */
export interface LiteralContext {
  readonly path: string;
  readonly property: QueryableProperty;
  /** Enum members that exist but that this client may not name. */
  readonly refusedMembers: readonly string[];
}

const INTEGER = /^-?[0-9]+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE_PART = '([0-9]{4})-([0-9]{2})-([0-9]{2})';
const TIME_PART = String.raw`([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,12}))?)?`;
const DATE_TIME = new RegExp(`^${DATE_PART}T${TIME_PART}(Z|[+-][0-9]{2}:[0-9]{2})$`);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const ECHO_LIMIT = 40;

const ORDERING_OPERATORS: readonly ComparisonOperator[] = ['gt', 'ge', 'lt', 'le'];

export function isNullLiteral(literal: RawLiteral): boolean {
  return !literal.quoted && literal.text === 'null';
}

/** Refuses operators a type has no meaningful order for (enums and GUIDs compare by identity). */
export function assertOperatorFits(
  operator: ComparisonOperator,
  context: LiteralContext,
  position: number,
): void {
  const kind = context.property.type.kind;
  const unordered = kind === 'enum' || kind === 'guid';
  if (unordered && ORDERING_OPERATORS.includes(operator)) {
    throw filterError(
      `operator '${operator}' is not supported for '${context.path}' at position ${position}; ` +
        'use eq, ne or in',
    );
  }
}

/** Gives a non-null literal the type of the property it is compared with, or refuses it. */
export function typeLiteral(literal: RawLiteral, context: LiteralContext): PropertyValue {
  const type = context.property.type;
  switch (type.kind) {
    case 'string':
      return literal.quoted ? literal.text : mismatch(literal, context, 'a string literal');
    case 'guid':
      return typeGuid(literal, context);
    case 'int32':
      return typeInt32(literal, context);
    case 'dateTime':
      return typeDateTime(literal, context);
    case 'enum':
      return typeEnumMember(literal, context, type);
  }
}

function typeGuid(literal: RawLiteral, context: LiteralContext): string {
  return GUID.test(literal.text)
    ? literal.text.toLowerCase()
    : mismatch(literal, context, 'a GUID');
}

function typeInt32(literal: RawLiteral, context: LiteralContext): number {
  const value = literal.quoted || !INTEGER.test(literal.text) ? NaN : Number(literal.text);
  if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
    return value;
  }
  return mismatch(literal, context, 'an Int32 integer');
}

function typeDateTime(literal: RawLiteral, context: LiteralContext): Date {
  const value = literal.quoted ? undefined : parseDateTimeOffset(literal.text);
  if (value === 'sub-millisecond') {
    throw filterError(
      `date-time literal for '${context.path}' at position ${literal.position} ` +
        'is more precise than a millisecond',
    );
  }
  return value ?? mismatch(literal, context, 'a date-time literal');
}

function typeEnumMember(
  literal: RawLiteral,
  context: LiteralContext,
  type: Extract<PropertyType, { kind: 'enum' }>,
): string {
  const member = literal.quoted ? literal.text : mismatch(literal, context, 'a quoted enum member');
  const allowed = type.members.filter((candidate) => !context.refusedMembers.includes(candidate));
  if (allowed.includes(member)) {
    return member;
  }

  throw filterError(
    `'${echo(member)}' is not a known member of '${context.path}' ` +
      `at position ${literal.position}; expected one of: ${allowed.join(', ')}`,
  );
}

function mismatch(literal: RawLiteral, context: LiteralContext, expected: string): never {
  const found = `${literal.quoted ? 'the string ' : ''}'${echo(literal.text)}'`;
  throw filterError(
    `expected ${expected} for '${context.path}' at position ${literal.position} but found ${found}`,
  );
}

function echo(text: string): string {
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
}

/**
 * Reads an ISO 8601 date-time with an offset. Digits past the millisecond must be zeros: a JS
 * Date cannot hold them, and rounding would silently change what `ge` and `lt` select.
 */
export function parseDateTimeOffset(text: string): Date | 'sub-millisecond' | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) {
    return undefined;
  }

  const [, year, month, day, hour, minute, second = '0', fraction = '', offset] = match;
  if (/[1-9]/.test(fraction.slice(3))) {
    return 'sub-millisecond';
  }

  const fields = [year, month, day, hour, minute, second].map(Number);
  const millisecond = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const local = utcInstant(fields, millisecond);
  const offsetMinutes = parseOffset(offset);
  if (!local || offsetMinutes === undefined) {
    return undefined;
  }
  return new Date(local.getTime() - offsetMinutes * 60_000);
}

function utcInstant(fields: number[], millisecond: number): Date | undefined {
  const [year, month, day, hour, minute, second] = fields;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);

  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return roundTrips ? date : undefined;
}

function parseOffset(offset: string): number | undefined {
  if (offset === 'Z') {
    return 0;
  }
  const sign = offset.startsWith('-') ? -1 : 1;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  return hours <= 23 && minutes <= 59 ? sign * (hours * 60 + minutes) : undefined;
}

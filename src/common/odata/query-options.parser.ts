import { GraphError } from '../http/graph-error';
import { FilterExpression, formatFilter } from './filter.ast';
import { FilterParseOptions, parseFilter } from './filter.parser';
import { OrderKey, parseOrderBy, SortDirection, withKeyTieBreaker } from './order-by.parser';
import { QueryableProperties } from './queryable-property';
import { invalidSkipToken } from './skip-token.codec';

/** A query object as Express parses it; nested objects come from `a[b]=c` syntax. */
export type RawQuery = Readonly<Record<string, string | string[] | undefined | object>>;

/** What a list endpoint lets clients query. */
export interface ListQuerySchema {
  readonly properties: QueryableProperties;
  /** Names `$select` accepts: usually the resource's top-level properties. */
  readonly selectable: readonly string[];
  /** The order when `$orderby` is absent; `id` is appended either way. */
  readonly defaultOrderBy?: readonly OrderKey[];
  /** Direction of the `id` tie-breaker when the order does not name `id`. */
  readonly keyDirection?: SortDirection;
}

/** The validated query options of one list request. */
export interface ListQueryOptions {
  readonly filter?: FilterExpression;
  /** A total order: it always ends with (or contains) `id`. */
  readonly orderBy: readonly OrderKey[];
  /** Absent when every property is wanted. */
  readonly select?: readonly string[];
  readonly top: number;
  readonly skip: number;
  readonly count: boolean;
  /** Still opaque: decode it with `SkipTokenCodec` once the tenant and collection are known. */
  readonly skipToken?: string;
}

type OptionName = 'filter' | 'orderby' | 'select' | 'top' | 'skip' | 'count' | 'skiptoken';

const OPTION_NAMES: readonly OptionName[] = [
  'filter',
  'orderby',
  'select',
  'top',
  'skip',
  'count',
  'skiptoken',
];

export const DEFAULT_TOP = 100;
export const MAX_TOP = 1000;
export const MAX_SKIP = 10_000;
const DIGITS = /^[0-9]{1,6}$/;

/**
 * Validates the query options of a list request. Option names may omit the `$` and are
 * case-insensitive, as on Graph's beta endpoint; anything that cannot be honoured is a 400.
 */
export function parseListQuery(
  query: RawQuery,
  schema: ListQuerySchema,
  options: FilterParseOptions = {},
): ListQueryOptions {
  const raw = collectOptions(query);
  if (raw.skip !== undefined && raw.skiptoken !== undefined) {
    throw GraphError.badRequest('$skip cannot be combined with $skiptoken', { target: '$skip' });
  }

  const requestedOrder =
    raw.orderby === undefined
      ? (schema.defaultOrderBy ?? [])
      : parseOrderBy(raw.orderby, schema.properties);
  return {
    filter:
      raw.filter === undefined ? undefined : parseFilter(raw.filter, schema.properties, options),
    orderBy: withKeyTieBreaker(requestedOrder, schema.keyDirection),
    select: raw.select === undefined ? undefined : parseSelect(raw.select, schema.selectable),
    top: parseBoundedInteger('$top', raw.top, DEFAULT_TOP, 1, MAX_TOP),
    skip: parseBoundedInteger('$skip', raw.skip, 0, 0, MAX_SKIP),
    count: parseCount(raw.count),
    skipToken: parseSkipToken(raw.skiptoken),
  };
}

function collectOptions(query: RawQuery): Partial<Record<OptionName, string>> {
  const options: Partial<Record<OptionName, string>> = {};

  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    const name = optionName(key);
    if (Array.isArray(value) || options[name] !== undefined) {
      throw GraphError.badRequest(`query option '$${name}' is given more than once`, {
        target: key,
      });
    }
    if (typeof value !== 'string') {
      throw GraphError.badRequest(`query option '${key}' has a malformed value`, { target: key });
    }
    options[name] = value;
  }
  return options;
}

function optionName(key: string): OptionName {
  const name = key.toLowerCase().replace(/^\$/, '');
  const known = OPTION_NAMES.find((candidate) => candidate === name);
  if (known) {
    return known;
  }

  const message = key.startsWith('$')
    ? `query option '${key}' is not supported on this collection`
    : `unknown query parameter '${key}'`;
  throw GraphError.badRequest(message, { target: key });
}

function parseBoundedInteger(
  option: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) {
    return fallback;
  }
  const value = DIGITS.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw GraphError.badRequest(`${option} must be an integer from ${min} to ${max}`, {
      target: option,
    });
  }
  return value;
}

function parseCount(text: string | undefined): boolean {
  if (text === undefined || text === 'false') {
    return false;
  }
  if (text === 'true') {
    return true;
  }
  throw GraphError.badRequest('$count must be true or false', { target: '$count' });
}

function parseSkipToken(text: string | undefined): string | undefined {
  if (text === '') {
    throw invalidSkipToken();
  }
  return text;
}

function parseSelect(text: string, selectable: readonly string[]): string[] | undefined {
  if (text.trim() === '*') {
    return undefined;
  }

  const names: string[] = [];
  let position = 0;
  for (const item of text.split(',')) {
    const name = item.trim();
    const at = position + item.length - item.trimStart().length;
    if (!selectable.includes(name)) {
      const problem = name === '' ? 'expected a property name' : `unknown property '${name}'`;
      throw GraphError.badRequest(`$select: ${problem} at position ${at}`, { target: '$select' });
    }
    if (!names.includes(name)) {
      names.push(name);
    }
    position += item.length + 1;
  }
  return names;
}

/**
 * A stable text of everything that decides which rows a list returns and in which order, for
 * binding a `$skiptoken` to its query.
 */
export function queryFingerprint(options: ListQueryOptions): string {
  return JSON.stringify([
    options.filter ? formatFilter(options.filter) : null,
    options.orderBy.map((key) => `${key.path} ${key.direction}`),
    options.select ?? null,
    options.top,
  ]);
}

/**
 * The query string (without `?`) of an `@odata.nextLink`: the request's options in normalized
 * form plus the new `$skiptoken`. `$skip` is dropped because the token already marks the place.
 */
export function nextLinkQuery(options: ListQueryOptions, skipToken: string): string {
  const parts: [string, string][] = [];
  if (options.filter) {
    parts.push(['$filter', formatFilter(options.filter)]);
  }
  parts.push(['$orderby', options.orderBy.map((key) => `${key.path} ${key.direction}`).join(',')]);
  if (options.select) {
    parts.push(['$select', options.select.join(',')]);
  }
  parts.push(['$top', String(options.top)]);
  if (options.count) {
    parts.push(['$count', 'true']);
  }
  parts.push(['$skiptoken', skipToken]);

  return parts.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

import { GraphError } from '../http/graph-error';
import { findProperty, KEY_PATH, QueryableProperties } from './queryable-property';

export type SortDirection = 'asc' | 'desc';

export interface OrderKey {
  readonly path: string;
  readonly direction: SortDirection;
}

const ITEM = /^(\S+)(?:[ \t]+(\S+))?$/;

function orderByError(message: string): GraphError {
  return GraphError.badRequest(`$orderby: ${message}`, { target: '$orderby' });
}

/** Parses `$orderby` (`createdDateTime desc, status`) into keys over orderable properties. */
export function parseOrderBy(text: string, properties: QueryableProperties): OrderKey[] {
  const keys: OrderKey[] = [];
  let position = 0;

  for (const item of text.split(',')) {
    const key = parseItem(item, position + leadingSpace(item), properties);
    if (keys.some((existing) => existing.path === key.path)) {
      throw orderByError(`property '${key.path}' appears more than once`);
    }
    keys.push(key);
    position += item.length + 1;
  }
  return keys;
}

function parseItem(item: string, position: number, properties: QueryableProperties): OrderKey {
  const match = ITEM.exec(item.trim());
  if (!match) {
    throw orderByError(
      `expected a property name and an optional asc or desc at position ${position}`,
    );
  }

  const [, path, direction = 'asc'] = match;
  const property = findProperty(properties, path);
  if (!property) {
    throw orderByError(`unknown property '${path}' at position ${position}`);
  }
  if (!property.orderable) {
    throw orderByError(`property '${path}' at position ${position} cannot be used for ordering`);
  }

  // OData 4.01 lets `asc` and `desc` be written in any case.
  const normalized = direction.toLowerCase();
  if (normalized !== 'asc' && normalized !== 'desc') {
    throw orderByError(`expected asc or desc after '${path}' but found '${direction}'`);
  }
  return { path, direction: normalized };
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

/**
 * Makes an order total by ending it with the key, so that every row has exactly one place and
 * a page boundary never splits or repeats rows. The key runs in the direction of the last sort
 * key, so one index on (sort key, id) serves the order both ways; with no sort key it runs in
 * `keyDirection`.
 */
export function withKeyTieBreaker(
  keys: readonly OrderKey[],
  keyDirection: SortDirection = 'asc',
): OrderKey[] {
  const hasKey = keys.some((key) => key.path === KEY_PATH);
  const direction = keys.at(-1)?.direction ?? keyDirection;
  return hasKey ? [...keys] : [...keys, { path: KEY_PATH, direction }];
}

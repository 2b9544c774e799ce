import { OrderKey } from './order-by.parser';
import { sortTerms } from './sort-terms';
import { PropertyValue, QueryableProperties, requireProperty } from './queryable-property';
import {
  allOf,
  anyOf,
  constant,
  renderPredicate,
  SqlFragment,
  SqlPredicate,
} from './sql-predicate';

/**
 * The predicate that selects the rows strictly after `cursor` (the last row's values of
 * `keys`, in the same order) in the order `orderByToSql` renders: nulls before values when
 * ascending, after them when descending. `keys` must end with a unique key such as `id`.
 * Date-time columns must hold millisecond precision (e.g. `timestamptz(3)`): a cursor is a JS
 * Date, and a stored microsecond would make the seek return the cursor row again.
 */
export function keysetToSql(
  keys: readonly OrderKey[],
  cursor: readonly PropertyValue[],
  properties: QueryableProperties,
  firstParameter: number,
): SqlFragment {
  checkCursor(keys, cursor);
  const uniform = keys.every((key) => key.direction === keys[0].direction);
  if (uniform) return rowComparison(keys, cursor, properties, firstParameter);

  return renderPredicate(keysetPredicate(keys, cursor, properties), properties, firstParameter);
}

/**
 * When every key runs the same way, "after the cursor" is one row comparison over the sort
 * terms: PostgreSQL starts an index scan right at the cursor instead of filtering every row
 * before it, so a deep page costs what the first one does.
 */
function rowComparison(
  keys: readonly OrderKey[],
  cursor: readonly PropertyValue[],
  properties: QueryableProperties,
  firstParameter: number,
): SqlFragment {
  const bounds = keys.flatMap((key, index) =>
    sortTerms([key], properties).map((term) => ({
      sql: term.sql,
      value: term.valueOf(cursor[index]),
    })),
  );
  const terms = bounds.map((bound) => bound.sql).join(', ');
  const placeholders = bounds.map((_, index) => `$${firstParameter + index}`).join(', ');
  const operator = keys[0].direction === 'asc' ? '>' : '<';

  return {
    sql: `(${terms}) ${operator} (${placeholders})`,
    params: bounds.map((bound) => bound.value),
  };
}

export function keysetPredicate(
  keys: readonly OrderKey[],
  cursor: readonly PropertyValue[],
  properties: QueryableProperties,
): SqlPredicate {
  checkCursor(keys, cursor);
  return seekFrom(0, keys, cursor, properties);
}

function checkCursor(keys: readonly OrderKey[], cursor: readonly PropertyValue[]): void {
  if (keys.length === 0 || cursor.length !== keys.length) {
    throw new Error(
      `a cursor needs one value per order key (${keys.length}), got ${cursor.length}`,
    );
  }
}

// Nested rather than expanded (`k1 > c1 OR (k1 = c1 AND (k2 > c2 OR ...))`) so that each key
// and each placeholder appears a bounded number of times however many keys there are.
function seekFrom(
  index: number,
  keys: readonly OrderKey[],
  cursor: readonly PropertyValue[],
  properties: QueryableProperties,
): SqlPredicate {
  const after = strictlyAfter(keys[index], cursor[index], properties);
  if (index === keys.length - 1) {
    return after;
  }

  const tied = allOf([
    sameAs(keys[index], cursor[index]),
    seekFrom(index + 1, keys, cursor, properties),
  ]);
  return anyOf([after, tied]);
}

function strictlyAfter(
  key: OrderKey,
  value: PropertyValue,
  properties: QueryableProperties,
): SqlPredicate {
  const path = key.path;
  if (value === null) {
    return key.direction === 'asc' ? { kind: 'null', path, isNull: false } : constant(false);
  }
  if (key.direction === 'asc') {
    return { kind: 'compare', path, operator: '>', value };
  }

  const before: SqlPredicate = { kind: 'compare', path, operator: '<', value };
  const nullable = requireProperty(properties, path).nullable;
  return nullable ? anyOf([before, { kind: 'null', path, isNull: true }]) : before;
}

function sameAs(key: OrderKey, value: PropertyValue): SqlPredicate {
  return value === null
    ? { kind: 'null', path: key.path, isNull: true }
    : { kind: 'compare', path: key.path, operator: '=', value };
}

/** The cursor of a row: its values of the order keys, read by OData path. */
export function cursorOf(
  keys: readonly OrderKey[],
  valueOf: (path: string) => PropertyValue,
): PropertyValue[] {
  return keys.map((key) => valueOf(key.path));
}

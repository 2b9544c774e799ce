import fc from 'fast-check';

import {
  ComparisonOperator,
  FilterExpression,
  OrderKey,
  PropertyValue,
  QueryableProperties,
  withKeyTieBreaker,
} from '../../../src/common/odata';
import { SqlPredicate } from '../../../src/common/odata/sql-predicate';
import { ACTIONS, operationProperties, STATUSES } from './operation-properties.fixture';

/**
 * Plain JS models of what the engine promises: OData's two-valued comparison semantics, its
 * null ordering, and PostgreSQL's three-valued evaluation of the SQL the engine renders.
 */
export type Row = Readonly<Record<string, PropertyValue>>;

export function compareValues(a: PropertyValue, b: PropertyValue): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? -1 : 1;
  }
  if (a instanceof Date && b instanceof Date) {
    return Math.sign(a.getTime() - b.getTime());
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.sign(a - b);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** OData: nulls before values ascending, after them descending. */
export function compareRows(keys: readonly OrderKey[], a: Row, b: Row): number {
  for (const key of keys) {
    const order = compareValues(a[key.path], b[key.path]);
    if (order !== 0) {
      return key.direction === 'asc' ? order : -order;
    }
  }
  return 0;
}

export function matchesFilter(expression: FilterExpression, row: Row): boolean {
  switch (expression.kind) {
    case 'and':
      return matchesFilter(expression.left, row) && matchesFilter(expression.right, row);
    case 'or':
      return matchesFilter(expression.left, row) || matchesFilter(expression.right, row);
    case 'not':
      return !matchesFilter(expression.operand, row);
    case 'in':
      return expression.values.some((value) => odataEquals(row[expression.property], value));
    case 'compare':
      return odataCompare(expression.operator, row[expression.property], expression.value);
  }
}

function odataEquals(a: PropertyValue, b: PropertyValue): boolean {
  return compareValues(a, b) === 0;
}

function odataCompare(operator: string, a: PropertyValue, b: PropertyValue): boolean {
  if (operator === 'eq') {
    return odataEquals(a, b);
  }
  if (operator === 'ne') {
    return !odataEquals(a, b);
  }
  if (a === null || b === null) {
    return false;
  }
  const order = compareValues(a, b);
  return { gt: order > 0, ge: order >= 0, lt: order < 0, le: order <= 0 }[operator] === true;
}

/** PostgreSQL's answer for a rendered predicate: true, false or NULL (unknown). */
export function sqlValue(predicate: SqlPredicate, row: Row): boolean | null {
  switch (predicate.kind) {
    case 'constant':
      return predicate.value;
    case 'null':
      return (row[predicate.path] === null) === predicate.isNull;
    case 'distinct':
      return (
        row[predicate.path] === null || compareValues(row[predicate.path], predicate.value) !== 0
      );
    case 'compare':
      return sqlCompare(predicate.operator, row[predicate.path], predicate.value);
    case 'in':
      return sqlIn(row[predicate.path], predicate.values, predicate.negated);
    case 'all':
      return kleene(
        predicate.items.map((item) => sqlValue(item, row)),
        false,
      );
    case 'any':
      return kleene(
        predicate.items.map((item) => sqlValue(item, row)),
        true,
      );
  }
}

function sqlCompare(operator: string, a: PropertyValue, b: PropertyValue): boolean | null {
  if (a === null) {
    return null;
  }
  const order = compareValues(a, b);
  const results: Record<string, boolean> = {
    '=': order === 0,
    '<>': order !== 0,
    '<': order < 0,
    '<=': order <= 0,
    '>': order > 0,
    '>=': order >= 0,
  };
  return results[operator];
}

function sqlIn(value: PropertyValue, values: readonly PropertyValue[], negated: boolean) {
  if (value === null) {
    return null;
  }
  const found = values.some((candidate) => compareValues(value, candidate) === 0);
  return found !== negated;
}

// `decisive` settles the result (true for OR, false for AND); otherwise any NULL makes NULL.
function kleene(values: (boolean | null)[], decisive: boolean): boolean | null {
  if (values.includes(decisive)) {
    return decisive;
  }
  return values.includes(null) ? null : !decisive;
}

export const DATES = [
  '2024-01-01T00:00:00.000Z',
  '2024-01-01T00:00:00.001Z',
  '2024-03-10T12:30:00.500Z',
  '2025-06-01T08:00:00.000Z',
].map((text) => new Date(text));

const NAMES = ['alice', 'bob', "o'neil", 'Zed', ''];

const nullable = <T>(values: fc.Arbitrary<T>) => fc.option(values, { nil: null, freq: 3 });

export const guidArbitrary = fc.uuid().map((id) => id.toLowerCase());

/** Few distinct values per property, so that ties and nulls are common. */
export const valueArbitraries: Record<string, fc.Arbitrary<PropertyValue>> = {
  status: fc.constantFrom(...STATUSES),
  action: fc.constantFrom(...ACTIONS),
  createdDateTime: fc.constantFrom(...DATES),
  completedDateTime: nullable(fc.constantFrom(...DATES)),
  percentProgress: nullable(fc.constantFrom(0, 1, 50, 100)),
  'createdBy/user/id': nullable(fc.constantFrom('u1', 'u2', 'U3')),
  'createdBy/user/displayName': nullable(fc.constantFrom(...NAMES)),
};

export const rowArbitrary: fc.Arbitrary<Row> = fc.record({
  id: guidArbitrary,
  ...valueArbitraries,
});

export const rowsArbitrary = fc.uniqueArray(rowArbitrary, {
  selector: (row) => row.id,
  maxLength: 40,
});

const orderablePaths = Object.entries(operationProperties)
  .filter(([path, property]) => property.orderable && path !== 'id')
  .map(([path]) => path);

export const orderKeysArbitrary: fc.Arbitrary<OrderKey[]> = fc
  .tuple(
    fc.subarray(orderablePaths),
    fc.array(fc.constantFrom<'asc' | 'desc'>('asc', 'desc'), {
      minLength: orderablePaths.length + 1,
      maxLength: orderablePaths.length + 1,
    }),
    fc.boolean(),
  )
  .chain(([paths, directions, keyFirst]) =>
    fc.shuffledSubarray(paths, { minLength: paths.length }).map((shuffled) => {
      const keys = shuffled.map((path, i) => ({ path, direction: directions[i] }));
      const key = { path: 'id', direction: directions[shuffled.length] };
      return keyFirst && keys.length > 0 ? [key, ...keys] : withKeyTieBreaker(keys, key.direction);
    }),
  );

const filterablePaths = Object.keys(operationProperties);

const comparisonArbitrary = (properties: QueryableProperties): fc.Arbitrary<FilterExpression> =>
  fc.constantFrom(...filterablePaths).chain((path) => {
    const kind = properties[path].type.kind;
    const unordered = kind === 'enum' || kind === 'guid';
    const values = path === 'id' ? guidArbitrary : valueArbitraries[path];
    const nonNull = values.filter((value) => value !== null);
    const operators: ComparisonOperator[] = unordered
      ? ['eq', 'ne']
      : ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

    return fc.oneof(
      fc.record({
        kind: fc.constant('compare' as const),
        operator: fc.constantFrom(...operators),
        property: fc.constant(path),
        value: nonNull,
      }),
      fc.record({
        kind: fc.constant('compare' as const),
        operator: fc.constantFrom<'eq' | 'ne'>('eq', 'ne'),
        property: fc.constant(path),
        value: fc.constant(null),
      }),
      fc.record({
        kind: fc.constant('in' as const),
        property: fc.constant(path),
        values: fc.array(nonNull, { minLength: 1, maxLength: 4 }),
      }),
    );
  });

/** Random well-typed filters over the operation properties. */
export const filterArbitrary: fc.Arbitrary<FilterExpression> = fc.letrec<{
  expression: FilterExpression;
}>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparisonArbitrary(operationProperties),
    fc.record({ kind: fc.constant('not' as const), operand: tie('expression') }),
    fc.record({
      kind: fc.constantFrom<'and' | 'or'>('and', 'or'),
      left: tie('expression'),
      right: tie('expression'),
    }),
  ),
})).expression;

import { ComparisonOperator, FilterExpression } from './filter.ast';
import { QueryableProperties, requireProperty } from './queryable-property';
import {
  allOf,
  anyOf,
  NonNullValue,
  renderPredicate,
  SqlComparison,
  SqlFragment,
  SqlPredicate,
} from './sql-predicate';

const SQL_OPERATOR: Record<ComparisonOperator, SqlComparison> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};

const COMPLEMENT: Record<ComparisonOperator, ComparisonOperator> = {
  eq: 'ne',
  ne: 'eq',
  gt: 'le',
  ge: 'lt',
  lt: 'ge',
  le: 'gt',
};

/**
 * Translates a parsed `$filter` into a WHERE condition whose placeholders start at
 * `$firstParameter`. OData compares in two-valued logic (`x ne 'a'` holds when x is null,
 * `not (x gt 5)` too), so negations are pushed down to the comparisons before rendering.
 */
export function filterToSql(
  filter: FilterExpression,
  properties: QueryableProperties,
  firstParameter: number,
): SqlFragment {
  return renderPredicate(filterPredicate(filter, properties), properties, firstParameter);
}

export function filterPredicate(
  filter: FilterExpression,
  properties: QueryableProperties,
  negated = false,
): SqlPredicate {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      const items = [filter.left, filter.right].map((side) =>
        filterPredicate(side, properties, negated),
      );
      return (filter.kind === 'and') !== negated ? allOf(items) : anyOf(items);
    }
    case 'not':
      return filterPredicate(filter.operand, properties, !negated);
    case 'compare':
      return comparisonPredicate(filter, properties, negated);
    case 'in':
      return inPredicate(filter, properties, negated);
  }
}

function comparisonPredicate(
  comparison: Extract<FilterExpression, { kind: 'compare' }>,
  properties: QueryableProperties,
  negated: boolean,
): SqlPredicate {
  const path = comparison.property;
  const operator = negated ? COMPLEMENT[comparison.operator] : comparison.operator;
  const value = comparison.value;
  if (value === null) {
    return { kind: 'null', path, isNull: operator === 'eq' };
  }

  const nullable = requireProperty(properties, path).nullable;
  if (operator === 'ne' && nullable) {
    return { kind: 'distinct', path, value };
  }

  const compare: SqlPredicate = { kind: 'compare', path, operator: SQL_OPERATOR[operator], value };
  const mustHoldForNull = negated && operator !== 'eq' && operator !== 'ne';
  return mustHoldForNull && nullable
    ? anyOf([{ kind: 'null', path, isNull: true }, compare])
    : compare;
}

function inPredicate(
  membership: Extract<FilterExpression, { kind: 'in' }>,
  properties: QueryableProperties,
  negated: boolean,
): SqlPredicate {
  const path = membership.property;
  const values = membership.values.filter((value): value is NonNullValue => value !== null);
  const predicate: SqlPredicate = { kind: 'in', path, values, negated };

  const nullable = requireProperty(properties, path).nullable;
  return negated && nullable ? anyOf([{ kind: 'null', path, isNull: true }, predicate]) : predicate;
}

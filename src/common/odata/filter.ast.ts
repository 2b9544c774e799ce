import { PropertyValue } from './queryable-property';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
];

/**
 * A validated `$filter`: every property exists and every literal already has its property's
 * JS type (Date for date-times, number for Int32, lower-case string for GUIDs).
 */
export type FilterExpression =
  | {
      readonly kind: 'and' | 'or';
      readonly left: FilterExpression;
      readonly right: FilterExpression;
    }
  | { readonly kind: 'not'; readonly operand: FilterExpression }
  | {
      readonly kind: 'compare';
      readonly operator: ComparisonOperator;
      readonly property: string;
      readonly value: PropertyValue;
    }
  | { readonly kind: 'in'; readonly property: string; readonly values: readonly PropertyValue[] };

/** Writes the canonical `$filter` text of an expression; parsing it gives the same tree. */
export function formatFilter(expression: FilterExpression): string {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return [
        formatOperand(expression.left, expression.kind, false),
        expression.kind,
        formatOperand(expression.right, expression.kind, true),
      ].join(' ');
    case 'not':
      return `not (${formatFilter(expression.operand)})`;
    case 'compare':
      return `${expression.property} ${expression.operator} ${formatLiteral(expression.value)}`;
    case 'in':
      return `${expression.property} in (${expression.values.map(formatLiteral).join(', ')})`;
  }
}

// The parser groups `a and b and c` to the left, so only a right operand of the same operator
// needs parentheses to keep its shape.
function formatOperand(operand: FilterExpression, parent: 'and' | 'or', isRight: boolean): string {
  const bindsLooser = operand.kind === 'or' && parent === 'and';
  const regroups = isRight && operand.kind === parent;
  const text = formatFilter(operand);
  return bindsLooser || regroups ? `(${text})` : text;
}

function formatLiteral(value: PropertyValue): string {
  if (value === null) {
    return 'null';
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

import { PropertyValue, QueryableProperties, requireProperty } from './queryable-property';

export type SqlComparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type NonNullValue = Exclude<PropertyValue, null>;

/**
 * A WHERE condition in a form that uses no NOT above a comparison, so a comparison that
 * PostgreSQL answers with NULL (an unknown) only ever behaves as false. Property paths are
 * resolved to their SQL expressions when the condition is rendered.
 */
export type SqlPredicate =
  | {
      readonly kind: 'compare';
      readonly path: string;
      readonly operator: SqlComparison;
      readonly value: NonNullValue;
    }
  /** `IS DISTINCT FROM`: true when the column is NULL. */
  | { readonly kind: 'distinct'; readonly path: string; readonly value: NonNullValue }
  | { readonly kind: 'null'; readonly path: string; readonly isNull: boolean }
  | {
      readonly kind: 'in';
      readonly path: string;
      readonly values: readonly NonNullValue[];
      readonly negated: boolean;
    }
  | { readonly kind: 'all' | 'any'; readonly items: readonly SqlPredicate[] }
  | { readonly kind: 'constant'; readonly value: boolean };

/** A piece of SQL with the values of its `$n` placeholders, in order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

export function constant(value: boolean): SqlPredicate {
  return { kind: 'constant', value };
}

export function allOf(items: readonly SqlPredicate[]): SqlPredicate {
  return combine('all', items, true);
}

export function anyOf(items: readonly SqlPredicate[]): SqlPredicate {
  return combine('any', items, false);
}

// `identity` is the constant that leaves the combination unchanged (TRUE for AND, FALSE for OR);
// its opposite decides the whole combination.
function combine(
  kind: 'all' | 'any',
  items: readonly SqlPredicate[],
  identity: boolean,
): SqlPredicate {
  const kept = items.filter((item) => !isConstant(item, identity));
  if (kept.some((item) => isConstant(item, !identity))) {
    return constant(!identity);
  }

  if (kept.length === 0) {
    return constant(identity);
  }
  return kept.length === 1 ? kept[0] : { kind, items: kept };
}

function isConstant(predicate: SqlPredicate, value: boolean): boolean {
  return predicate.kind === 'constant' && predicate.value === value;
}

/** Renders a predicate with placeholders numbered from `firstParameter` (1 for `$1`). */
export function renderPredicate(
  predicate: SqlPredicate,
  properties: QueryableProperties,
  firstParameter: number,
): SqlFragment {
  const params: unknown[] = [];
  const bind = (value: NonNullValue): string => {
    params.push(value);
    return `$${firstParameter + params.length - 1}`;
  };
  const column = (path: string): string => requireProperty(properties, path).sql;

  const render = (node: SqlPredicate): string => {
    switch (node.kind) {
      case 'compare':
        return `${column(node.path)} ${node.operator} ${bind(node.value)}`;
      case 'distinct':
        return `${column(node.path)} IS DISTINCT FROM ${bind(node.value)}`;
      case 'null':
        return `${column(node.path)} IS ${node.isNull ? '' : 'NOT '}NULL`;
      case 'in':
        return renderIn(column(node.path), node.values.map(bind), node.negated);
      case 'all':
      case 'any':
        return `(${node.items.map(render).join(node.kind === 'all' ? ' AND ' : ' OR ')})`;
      case 'constant':
        return node.value ? 'TRUE' : 'FALSE';
    }
  };

  return { sql: render(predicate), params };
}

function renderIn(column: string, placeholders: readonly string[], negated: boolean): string {
  if (placeholders.length === 0) {
    return negated ? 'TRUE' : 'FALSE';
  }
  return `${column} ${negated ? 'NOT IN' : 'IN'} (${placeholders.join(', ')})`;
}

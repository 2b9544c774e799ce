import { filterToSql } from './filter.sql';
import { keysetToSql } from './keyset.sql';
import { ListQueryOptions } from './query-options.parser';
import { PropertyValue, QueryableProperties } from './queryable-property';
import { orderByToSql } from './sort-terms';

/** The SQL pieces of one page of a list, for a repository to place around its own scoping. */
export interface ListQuerySql {
  /** Conditions to AND with the caller's own; empty when the request narrows nothing. */
  readonly conditions: string[];
  readonly orderBy: string;
  /** Values of the placeholders in `conditions`, numbered from the given first one. */
  readonly params: unknown[];
  /** The number of the next free placeholder, e.g. for `LIMIT`. */
  readonly nextParameter: number;
}

/**
 * Renders `$filter`, the keyset seek after `cursor` (when paging on from a `$skiptoken`) and
 * `ORDER BY`, numbering placeholders from `firstParameter` so the caller can put its own
 * (tenant, collection) first.
 */
export function listQueryToSql(
  options: ListQueryOptions,
  properties: QueryableProperties,
  firstParameter: number,
  cursor?: readonly PropertyValue[],
): ListQuerySql {
  const conditions: string[] = [];
  const params: unknown[] = [];

  if (options.filter) {
    const filter = filterToSql(options.filter, properties, firstParameter);
    conditions.push(filter.sql);
    params.push(...filter.params);
  }

  if (cursor) {
    const seek = keysetToSql(options.orderBy, cursor, properties, firstParameter + params.length);
    conditions.push(seek.sql);
    params.push(...seek.params);
  }

  const orderBy = orderByToSql(options.orderBy, properties);
  return { conditions, orderBy, params, nextParameter: firstParameter + params.length };
}

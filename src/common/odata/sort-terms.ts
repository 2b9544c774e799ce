import { OrderKey, SortDirection } from './order-by.parser';
import {
  PropertyType,
  PropertyValue,
  QueryableProperties,
  requireProperty,
} from './queryable-property';

/** One never-null SQL expression the rows are sorted by, and how a cursor value maps onto it. */
export interface SortTerm {
  readonly sql: string;
  readonly direction: SortDirection;
  readonly valueOf: (value: PropertyValue) => unknown;
}

/** A value below every real one, for sorting a nullable column's nulls as OData does. */
const NIL_GUID = '00000000-0000-0000-0000-000000000000';
const LOWEST: Readonly<Record<PropertyType['kind'], { sql: string; value: unknown }>> = {
  string: { sql: "''", value: '' },
  enum: { sql: "''", value: '' },
  guid: { sql: `'${NIL_GUID}'::uuid`, value: NIL_GUID },
  int32: { sql: '(-2147483648)', value: -2147483648 },
  dateTime: { sql: "'-infinity'::timestamptz", value: '-infinity' },
};

/**
 * The terms an order sorts by. A nullable property becomes two: whether it has a value, then
 * the value with nulls replaced by the lowest one. Ascending that puts nulls first and
 * descending last, as OData orders them, and every term is non-null, so a keyset seek can be a
 * row comparison that an index on the same expressions serves.
 */
export function sortTerms(keys: readonly OrderKey[], properties: QueryableProperties): SortTerm[] {
  return keys.flatMap((key) => {
    const property = requireProperty(properties, key.path);
    const { direction } = key;
    if (!property.nullable) return [{ sql: property.sql, direction, valueOf: (value) => value }];

    const lowest = LOWEST[property.type.kind];
    return [
      { sql: `(${property.sql} IS NOT NULL)`, direction, valueOf: (value) => value !== null },
      {
        sql: `COALESCE(${property.sql}, ${lowest.sql})`,
        direction,
        valueOf: (value) => value ?? lowest.value,
      },
    ];
  });
}

/** Renders `ORDER BY` over the sort terms. */
export function orderByToSql(keys: readonly OrderKey[], properties: QueryableProperties): string {
  const terms = sortTerms(keys, properties).map(
    (term) => `${term.sql} ${term.direction === 'asc' ? 'ASC' : 'DESC'}`,
  );
  return `ORDER BY ${terms.join(', ')}`;
}

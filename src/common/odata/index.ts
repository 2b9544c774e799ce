export type { ComparisonOperator, FilterExpression } from './filter.ast';
export { formatFilter } from './filter.ast';
export type { FilterParseOptions } from './filter.parser';
export {
  FILTER_MAX_DEPTH,
  FILTER_MAX_IN_ITEMS,
  FILTER_MAX_LENGTH,
  parseFilter,
} from './filter.parser';
export { filterToSql } from './filter.sql';
export { cursorOf, keysetToSql } from './keyset.sql';
export type { ListQuerySql } from './list-query.sql';
export { listQueryToSql } from './list-query.sql';
export type { OrderKey, SortDirection } from './order-by.parser';
export { parseOrderBy, withKeyTieBreaker } from './order-by.parser';
export { orderByToSql, sortTerms } from './sort-terms';
export type { SortTerm } from './sort-terms';
export type { ListQueryOptions, ListQuerySchema, RawQuery } from './query-options.parser';
export {
  DEFAULT_TOP,
  MAX_SKIP,
  MAX_TOP,
  nextLinkQuery,
  parseListQuery,
  queryFingerprint,
} from './query-options.parser';
export type {
  PropertyType,
  PropertyValue,
  QueryableProperties,
  QueryableProperty,
} from './queryable-property';
export { assertQueryableProperties } from './queryable-property';
export type { SkipTokenBinding } from './skip-token.codec';
export { SkipTokenCodec } from './skip-token.codec';
export type { SqlFragment } from './sql-predicate';

import { DataSource } from 'typeorm';

import { FilterExpression, filterToSql, ListQuerySchema, listQueryToSql } from '../odata';
import { PageRequest } from '../paging/paging';

/** The rows a collection is drawn from: a table, its columns, and the conditions of its scope. */
export interface CollectionSource {
  /** A table and its alias, such as `case_operation o`. */
  readonly from: string;
  readonly columns: string;
  /** Conditions that use $1..$n, in the order of `params`. */
  readonly scope: readonly string[];
  readonly params: readonly unknown[];
}

/**
 * One keyset-paged SELECT of up to `top + 1` rows (the extra row tells that more exist), and
 * the `$count` of the filter when the client asked for it.
 */
export async function selectPage<Row>(
  dataSource: DataSource,
  source: CollectionSource,
  schema: ListQuerySchema,
  request: PageRequest,
): Promise<{ rows: Row[]; count?: number }> {
  const { text, values } = pageQuery(source, schema, request);
  const rows = await dataSource.query<Row[]>(text, values);

  const { options } = request;
  const count = options.count
    ? await countRows(dataSource, source, schema, options.filter)
    : undefined;
  return { rows, count };
}

/** The SELECT of one page: scope, filter, keyset seek, order, and `top + 1` rows. */
export function pageQuery(
  source: CollectionSource,
  schema: ListQuerySchema,
  request: PageRequest,
): { text: string; values: unknown[] } {
  const { options, cursor } = request;
  const sql = listQueryToSql(options, schema.properties, source.params.length + 1, cursor);

  return {
    text: `SELECT ${source.columns} FROM ${source.from}
     WHERE ${[...source.scope, ...sql.conditions].join(' AND ')}
     ${sql.orderBy} OFFSET ${options.skip} LIMIT $${sql.nextParameter}`,
    values: [...source.params, ...sql.params, options.top + 1],
  };
}

/** How many rows of the collection match the filter. */
export async function countRows(
  dataSource: DataSource,
  source: CollectionSource,
  schema: ListQuerySchema,
  filter: FilterExpression | undefined,
): Promise<number> {
  const condition =
    filter === undefined
      ? { sql: 'TRUE', params: [] }
      : filterToSql(filter, schema.properties, source.params.length + 1);

  const [row] = await dataSource.query<{ count: string }[]>(
    `SELECT count(*) FROM ${source.from}
     WHERE ${[...source.scope, condition.sql].join(' AND ')}`,
    [...source.params, ...condition.params],
  );
  return Number(row.count);
}

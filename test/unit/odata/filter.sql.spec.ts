import fc from 'fast-check';

import { filterToSql, parseFilter } from '../../../src/common/odata';
import { filterPredicate } from '../../../src/common/odata/filter.sql';
import { filterArbitrary, matchesFilter, rowsArbitrary, sqlValue } from './odata-reference';
import { operationProperties } from './operation-properties.fixture';

const sqlOf = (text: string, firstParameter = 1) =>
  filterToSql(parseFilter(text, operationProperties), operationProperties, firstParameter);

describe('filterToSql', () => {
  it('binds every literal as a placeholder numbered from the given start', () => {
    expect(sqlOf("status eq 'running' and percentProgress ge 50", 5)).toEqual({
      sql: '(o.status = $5 AND o.percent_progress >= $6)',
      params: ['running', 50],
    });
  });

  it('never puts client text into the SQL', () => {
    const { sql, params } = sqlOf("createdBy/user/displayName eq 'x''; DROP TABLE o; --'");
    expect(sql).toBe("o.created_by->'user'->>'displayName' = $1");
    expect(params).toEqual(["x'; DROP TABLE o; --"]);
  });

  it('passes date-times as Date values', () => {
    expect(sqlOf('createdDateTime lt 2024-01-01T00:00:00+01:00')).toEqual({
      sql: 'o.created_date_time < $1',
      params: [new Date('2023-12-31T23:00:00Z')],
    });
  });

  it('compares with null through IS NULL and IS NOT NULL', () => {
    expect(sqlOf('completedDateTime eq null')).toEqual({
      sql: 'o.completed_date_time IS NULL',
      params: [],
    });
    expect(sqlOf('completedDateTime ne null').sql).toBe('o.completed_date_time IS NOT NULL');
  });

  it('when the column is nullable, then ne holds for null rows (IS DISTINCT FROM)', () => {
    expect(sqlOf('percentProgress ne 5').sql).toBe('o.percent_progress IS DISTINCT FROM $1');
    expect(sqlOf("status ne 'running'").sql).toBe('o.status <> $1');
  });

  it('pushes not down to the comparisons with OData null semantics', () => {
    expect(sqlOf('not (percentProgress gt 5)').sql).toBe(
      '(o.percent_progress IS NULL OR o.percent_progress <= $1)',
    );
    expect(sqlOf('not (percentProgress eq 5)').sql).toBe('o.percent_progress IS DISTINCT FROM $1');
    expect(sqlOf("not (status eq 'running' or percentProgress ne 5)").sql).toBe(
      '(o.status <> $1 AND o.percent_progress = $2)',
    );
    expect(sqlOf('not (completedDateTime eq null)').sql).toBe('o.completed_date_time IS NOT NULL');
  });

  it('renders in lists with one placeholder per item', () => {
    expect(sqlOf("status in ('running', 'failed')", 3)).toEqual({
      sql: 'o.status IN ($3, $4)',
      params: ['running', 'failed'],
    });
    expect(sqlOf('not (percentProgress in (1, 2))').sql).toBe(
      '(o.percent_progress IS NULL OR o.percent_progress NOT IN ($1, $2))',
    );
  });

  it('keeps precedence with parentheses around every AND and OR', () => {
    expect(sqlOf("status eq 'failed' or percentProgress eq 1 and action eq 'index'").sql).toBe(
      '(o.status = $1 OR (o.percent_progress = $2 AND o.action = $3))',
    );
  });

  it('when PostgreSQL evaluates the rendered predicate, then it selects exactly the rows OData semantics select', () => {
    fc.assert(
      fc.property(filterArbitrary, rowsArbitrary, (filter, rows) => {
        const predicate = filterPredicate(filter, operationProperties);
        for (const row of rows) {
          expect(sqlValue(predicate, row) === true).toBe(matchesFilter(filter, row));
        }
      }),
      { numRuns: 500 },
    );
  });
});

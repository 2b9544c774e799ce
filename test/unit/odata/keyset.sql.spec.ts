import fc from 'fast-check';

import { cursorOf, keysetToSql, OrderKey, PropertyValue } from '../../../src/common/odata';
import { keysetPredicate } from '../../../src/common/odata/keyset.sql';
import {
  compareRows,
  orderKeysArbitrary,
  Row,
  rowArbitrary,
  rowsArbitrary,
  sqlValue,
} from './odata-reference';
import { operationProperties } from './operation-properties.fixture';

const ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const DATE = new Date('2024-05-01T10:00:00.250Z');

const seek = (keys: OrderKey[], cursor: PropertyValue[], firstParameter = 1) =>
  keysetToSql(keys, cursor, operationProperties, firstParameter);

const rowsAfter = (keys: OrderKey[], rows: readonly Row[], cursor: Row) => {
  const predicate = keysetPredicate(
    keys,
    cursorOf(keys, (path) => cursor[path]),
    operationProperties,
  );
  return rows.filter((row) => sqlValue(predicate, row) === true);
};

describe('keysetToSql', () => {
  it('seeks past a single ascending key', () => {
    expect(seek([{ path: 'id', direction: 'asc' }], [ID], 4)).toEqual({
      sql: '(o.id) > ($4)',
      params: [ID],
    });
  });

  it('when every key runs one way, then it seeks with one row comparison an index can serve', () => {
    const keys: OrderKey[] = [
      { path: 'completedDateTime', direction: 'desc' },
      { path: 'id', direction: 'desc' },
    ];
    expect(seek(keys, [DATE, ID], 2)).toEqual({
      sql:
        "((o.completed_date_time IS NOT NULL), COALESCE(o.completed_date_time, '-infinity'::timestamptz), " +
        'o.id) < ($2, $3, $4)',
      params: [true, DATE, ID],
    });
    expect(seek(keys, [null, ID]).params).toEqual([false, '-infinity', ID]);
  });

  it('nests the keys so that later keys only break ties of earlier ones', () => {
    const keys: OrderKey[] = [
      { path: 'createdDateTime', direction: 'desc' },
      { path: 'id', direction: 'asc' },
    ];
    expect(seek(keys, [DATE, ID], 3)).toEqual({
      sql: '(o.created_date_time < $3 OR (o.created_date_time = $4 AND o.id > $5))',
      params: [DATE, DATE, ID],
    });
  });

  it('when a nullable key is descending, then null rows come after every value', () => {
    const keys: OrderKey[] = [
      { path: 'completedDateTime', direction: 'desc' },
      { path: 'id', direction: 'asc' },
    ];
    expect(seek(keys, [DATE, ID]).sql).toBe(
      '((o.completed_date_time < $1 OR o.completed_date_time IS NULL) OR ' +
        '(o.completed_date_time = $2 AND o.id > $3))',
    );
    expect(seek(keys, [null, ID])).toEqual({
      sql: '(o.completed_date_time IS NULL AND o.id > $1)',
      params: [ID],
    });
  });

  it('when the cursor is null on an ascending key, then every non-null row comes after it', () => {
    const keys: OrderKey[] = [
      { path: 'completedDateTime', direction: 'asc' },
      { path: 'id', direction: 'desc' },
    ];
    expect(seek(keys, [null, ID]).sql).toBe(
      '(o.completed_date_time IS NOT NULL OR (o.completed_date_time IS NULL AND o.id < $1))',
    );
  });

  it('refuses a cursor that does not match the keys', () => {
    expect(() => seek([{ path: 'id', direction: 'asc' }], [])).toThrow(/one value per order key/);
  });

  it('when a cursor is taken from a row, then the seek selects exactly the rows after it in the sorted list', () => {
    fc.assert(
      fc.property(orderKeysArbitrary, rowsArbitrary, fc.nat(), (keys, rows, pick) => {
        fc.pre(rows.length > 0);
        const sorted = [...rows].sort((a, b) => compareRows(keys, a, b));
        const index = pick % sorted.length;

        const after = rowsAfter(keys, rows, sorted[index]);
        expect(after.sort((a, b) => compareRows(keys, a, b))).toEqual(sorted.slice(index + 1));
      }),
      { numRuns: 1000 },
    );
  });

  it('for any cursor, the seek selects exactly the rows the order puts after it', () => {
    fc.assert(
      fc.property(orderKeysArbitrary, rowsArbitrary, rowArbitrary, (keys, rows, cursor) => {
        const expected = rows.filter((row) => compareRows(keys, row, cursor) > 0);
        expect(rowsAfter(keys, rows, cursor)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('when a list is read page by page, then every row appears once and in order', () => {
    fc.assert(
      fc.property(
        orderKeysArbitrary,
        rowsArbitrary,
        fc.integer({ min: 1, max: 7 }),
        (keys, rows, size) => {
          const sorted = [...rows].sort((a, b) => compareRows(keys, a, b));
          const read: Row[] = [];
          let page = sorted.slice(0, size);
          while (page.length > 0) {
            read.push(...page);
            const remaining = rowsAfter(keys, rows, page[page.length - 1]);
            page = remaining.sort((a, b) => compareRows(keys, a, b)).slice(0, size);
          }
          expect(read).toEqual(sorted);
        },
      ),
      { numRuns: 300 },
    );
  });
});

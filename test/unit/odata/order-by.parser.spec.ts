import { orderByToSql, parseOrderBy, withKeyTieBreaker } from '../../../src/common/odata';
import { operationProperties } from './operation-properties.fixture';
import { badRequestMessage } from './refusal.helper';

const parse = (text: string) => parseOrderBy(text, operationProperties);
const refuse = (text: string) => badRequestMessage(() => parse(text));

describe('parseOrderBy', () => {
  it('reads properties with optional directions, ascending by default', () => {
    expect(parse('createdDateTime desc, status,percentProgress  asc')).toEqual([
      { path: 'createdDateTime', direction: 'desc' },
      { path: 'status', direction: 'asc' },
      { path: 'percentProgress', direction: 'asc' },
    ]);
  });

  it('accepts asc and desc in any case, as OData 4.01 requires', () => {
    expect(parse('createdDateTime DESC')).toEqual([{ path: 'createdDateTime', direction: 'desc' }]);
  });

  it('refuses unknown, unorderable and repeated properties', () => {
    expect(refuse('status, foo desc')).toBe("$orderby: unknown property 'foo' at position 8");
    expect(refuse('createdBy/user/id')).toBe(
      "$orderby: property 'createdBy/user/id' at position 0 cannot be used for ordering",
    );
    expect(refuse('status, status desc')).toBe(
      "$orderby: property 'status' appears more than once",
    );
  });

  it('refuses bad directions and empty items', () => {
    expect(refuse('status up')).toBe(
      "$orderby: expected asc or desc after 'status' but found 'up'",
    );
    expect(refuse('status,')).toBe(
      '$orderby: expected a property name and an optional asc or desc at position 7',
    );
    expect(refuse('')).toMatch(/expected a property name/);
    expect(refuse('status desc nulls')).toMatch(/at position 0/);
  });
});

describe('withKeyTieBreaker', () => {
  it('appends id in the direction of the last sort key', () => {
    const descending = parse('status desc');
    const mixed = parse('status desc, percentProgress');
    expect(withKeyTieBreaker(descending)).toEqual([
      ...descending,
      { path: 'id', direction: 'desc' },
    ]);
    expect(withKeyTieBreaker(mixed)).toEqual([...mixed, { path: 'id', direction: 'asc' }]);
  });

  it('appends id in the direction the caller asks when there is no sort key', () => {
    expect(withKeyTieBreaker([])).toEqual([{ path: 'id', direction: 'asc' }]);
    expect(withKeyTieBreaker([], 'desc')).toEqual([{ path: 'id', direction: 'desc' }]);
  });

  it('leaves an order that already names id as it is', () => {
    const keys = parse('id desc, status');
    expect(withKeyTieBreaker(keys)).toEqual(keys);
  });
});

describe('orderByToSql', () => {
  it('sorts a nullable column by presence first, so nulls lead ascending and trail descending', () => {
    const keys = parse('completedDateTime, percentProgress desc, status desc, id');
    expect(orderByToSql(keys, operationProperties)).toBe(
      'ORDER BY (o.completed_date_time IS NOT NULL) ASC, ' +
        "COALESCE(o.completed_date_time, '-infinity'::timestamptz) ASC, " +
        '(o.percent_progress IS NOT NULL) DESC, COALESCE(o.percent_progress, (-2147483648)) DESC, ' +
        'o.status DESC, o.id ASC',
    );
  });
});

import {
  ListQuerySchema,
  nextLinkQuery,
  parseListQuery,
  queryFingerprint,
  RawQuery,
} from '../../../src/common/odata';
import { operationProperties, SELECTABLE } from './operation-properties.fixture';
import { badRequestMessage, refusal } from './refusal.helper';

const schema: ListQuerySchema = { properties: operationProperties, selectable: SELECTABLE };
const parse = (query: RawQuery, given: ListQuerySchema = schema) => parseListQuery(query, given);
const refuse = (query: RawQuery) => badRequestMessage(() => parse(query));

describe('parseListQuery', () => {
  it('when no option is given, then it pages by 100 in id order', () => {
    expect(parse({})).toEqual({
      filter: undefined,
      orderBy: [{ path: 'id', direction: 'asc' }],
      select: undefined,
      top: 100,
      skip: 0,
      count: false,
      skipToken: undefined,
    });
  });

  it('reads every supported option', () => {
    const options = parse({
      $filter: "status eq 'running'",
      $orderby: 'createdDateTime desc',
      $select: 'id, status,status',
      $top: '10',
      $skip: '20',
      $count: 'true',
    });
    expect(options).toEqual({
      filter: { kind: 'compare', operator: 'eq', property: 'status', value: 'running' },
      orderBy: [
        { path: 'createdDateTime', direction: 'desc' },
        { path: 'id', direction: 'desc' },
      ],
      select: ['id', 'status'],
      top: 10,
      skip: 20,
      count: true,
      skipToken: undefined,
    });
  });

  it('accepts option names without $ and in any case', () => {
    const options = parse({ top: '5', $TOP: undefined, $SkipToken: 'abc', COUNT: 'false' });
    expect(options).toMatchObject({ top: 5, skipToken: 'abc', count: false });
    expect(parse({ skiptoken: 'abc' }).skipToken).toBe('abc');
  });

  it('uses the default order of the collection, still ending with id', () => {
    const ordered = {
      ...schema,
      defaultOrderBy: [{ path: 'createdDateTime', direction: 'desc' as const }],
    };
    expect(parse({}, ordered).orderBy).toEqual([
      { path: 'createdDateTime', direction: 'desc' },
      { path: 'id', direction: 'desc' },
    ]);
    expect(parse({}, { ...schema, keyDirection: 'desc' }).orderBy).toEqual([
      { path: 'id', direction: 'desc' },
    ]);
  });

  it('treats $select=* as every property', () => {
    expect(parse({ $select: '*' }).select).toBeUndefined();
  });

  it('passes refused enum members on to the filter', () => {
    const message = badRequestMessage(() =>
      parseListQuery({ $filter: "action eq 'purgeData'" }, schema, {
        refusedEnumMembers: { action: ['purgeData'] },
      }),
    );
    expect(message).toMatch(/'purgeData' is not a known member of 'action'/);
  });

  it('refuses options it cannot honour, naming them', () => {
    expect(refuse({ $expand: 'x' })).toBe(
      "query option '$expand' is not supported on this collection",
    );
    expect(refuse({ $search: '"x"' })).toBe(
      "query option '$search' is not supported on this collection",
    );
    expect(refuse({ $format: 'json' })).toBe(
      "query option '$format' is not supported on this collection",
    );
    expect(refuse({ foo: 'bar' })).toBe("unknown query parameter 'foo'");
    expect(refusal(() => parse({ $expand: 'x' })).options.target).toBe('$expand');
  });

  it('refuses an option given twice, under any spelling', () => {
    expect(refuse({ $top: ['1', '2'] })).toBe("query option '$top' is given more than once");
    expect(refuse({ $top: '1', top: '2' })).toBe("query option '$top' is given more than once");
    expect(refuse({ $skipToken: 'a', $skiptoken: 'b' })).toBe(
      "query option '$skiptoken' is given more than once",
    );
  });

  it('refuses nested query values', () => {
    expect(refuse({ $filter: { a: 'b' } })).toBe("query option '$filter' has a malformed value");
  });

  it('bounds $top to 1..1000', () => {
    expect(parse({ $top: '1000' }).top).toBe(1000);
    for (const top of ['0', '1001', '-1', '1.5', '', 'ten', '99999999999', ' 5']) {
      expect(refuse({ $top: top })).toBe('$top must be an integer from 1 to 1000');
    }
  });

  it('bounds $skip to 0..10000', () => {
    expect(parse({ $skip: '10000' }).skip).toBe(10000);
    expect(refuse({ $skip: '10001' })).toBe('$skip must be an integer from 0 to 10000');
    expect(refuse({ $skip: 'x' })).toBe('$skip must be an integer from 0 to 10000');
  });

  it('accepts only true or false for $count', () => {
    expect(refuse({ $count: 'yes' })).toBe('$count must be true or false');
    expect(refuse({ $count: 'TRUE' })).toBe('$count must be true or false');
  });

  it('refuses $skip together with $skiptoken, and an empty $skiptoken', () => {
    expect(refuse({ $skip: '1', $skiptoken: 'abc' })).toBe(
      '$skip cannot be combined with $skiptoken',
    );
    expect(refuse({ $skiptoken: '' })).toBe('$skiptoken is not valid for this request');
  });

  it('refuses unknown and empty $select items with their position', () => {
    expect(refuse({ $select: 'id, foo' })).toBe("$select: unknown property 'foo' at position 4");
    expect(refuse({ $select: 'id,,status' })).toBe(
      '$select: expected a property name at position 3',
    );
    expect(refuse({ $select: '' })).toBe('$select: expected a property name at position 0');
  });

  it('passes $filter and $orderby refusals through', () => {
    expect(refuse({ $filter: 'foo eq 1' })).toBe("$filter: unknown property 'foo' at position 0");
    expect(refuse({ $orderby: 'foo' })).toBe("$orderby: unknown property 'foo' at position 0");
  });
});

describe('queryFingerprint', () => {
  it('is the same for spellings of the same query and differs when the rows differ', () => {
    const a = parse({ $filter: "status  eq 'running'", $top: '10', $count: 'true' });
    const b = parse({ filter: "(status eq 'running')", TOP: '10' });
    expect(queryFingerprint(a)).toBe(queryFingerprint(b));
    expect(queryFingerprint(a)).not.toBe(queryFingerprint(parse({ $top: '10' })));
    expect(queryFingerprint(a)).not.toBe(
      queryFingerprint(parse({ $filter: "status eq 'running'", $top: '11' })),
    );
  });
});

describe('nextLinkQuery', () => {
  it('repeats every option in normalized form with the new $skiptoken, and drops $skip', () => {
    const options = parse({
      filter:
        "createdBy/user/displayName eq 'O''Neil & co' and createdDateTime ge 2024-01-01T01:00:00+01:00",
      $orderby: 'createdDateTime desc',
      $select: 'id,status',
      $top: '10',
      $skip: '5',
      $count: 'true',
    });
    const query = nextLinkQuery(options, 'tok.en');
    expect(query).toBe(
      "$filter=createdBy%2Fuser%2FdisplayName%20eq%20'O''Neil%20%26%20co'%20and%20createdDateTime%20ge%202024-01-01T00%3A00%3A00.000Z" +
        '&$orderby=createdDateTime%20desc%2Cid%20desc&$select=id%2Cstatus&$top=10&$count=true&$skiptoken=tok.en',
    );
  });

  it('when the next link is parsed again, then it is the same query with the token', () => {
    const options = parse({ $filter: "not (status in ('running', 'failed'))", $top: '3' });
    const again = parse(Object.fromEntries(new URLSearchParams(nextLinkQuery(options, 'abc'))));
    expect(again).toEqual({ ...options, skipToken: 'abc' });
    expect(queryFingerprint(again)).toBe(queryFingerprint(options));
  });
});

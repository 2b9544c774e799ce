import fc from 'fast-check';

import {
  FILTER_MAX_DEPTH,
  FILTER_MAX_IN_ITEMS,
  FILTER_MAX_LENGTH,
  formatFilter,
  parseFilter,
} from '../../../src/common/odata';
import { filterArbitrary } from './odata-reference';
import { operationProperties } from './operation-properties.fixture';
import { badRequestMessage, refusal } from './refusal.helper';

const parse = (text: string) => parseFilter(text, operationProperties);
const refuse = (text: string) => badRequestMessage(() => parse(text));

describe('parseFilter', () => {
  describe('accepted expressions', () => {
    it('reads an enum comparison with the member as a string', () => {
      expect(parse("status eq 'running'")).toEqual({
        kind: 'compare',
        operator: 'eq',
        property: 'status',
        value: 'running',
      });
    });

    it('reads a property path, an integer and a date-time with an offset', () => {
      expect(parse("createdBy/user/id eq 'u1'")).toMatchObject({ property: 'createdBy/user/id' });
      expect(parse('percentProgress ge -5')).toMatchObject({ operator: 'ge', value: -5 });
      expect(parse('createdDateTime lt 2024-01-01T02:00:00.123+02:00')).toEqual({
        kind: 'compare',
        operator: 'lt',
        property: 'createdDateTime',
        value: new Date('2024-01-01T00:00:00.123Z'),
      });
    });

    it('accepts date-times without seconds and with zero digits past the millisecond', () => {
      expect(parse('createdDateTime gt 2024-02-29T10:15Z')).toMatchObject({
        value: new Date('2024-02-29T10:15:00Z'),
      });
      expect(parse('createdDateTime gt 2024-01-01T00:00:00.1230000Z')).toMatchObject({
        value: new Date('2024-01-01T00:00:00.123Z'),
      });
    });

    it('unescapes doubled quotes in string literals', () => {
      expect(parse("createdBy/user/displayName eq 'O''Neil'''")).toMatchObject({
        value: "O'Neil'",
      });
    });

    it('accepts GUIDs quoted or bare and lower-cases them', () => {
      const guid = '3F2504E0-4F89-11D3-9A0C-0305E82C3301';
      expect(parse(`id eq '${guid}'`)).toMatchObject({ value: guid.toLowerCase() });
      expect(parse(`id ne ${guid}`)).toMatchObject({ operator: 'ne', value: guid.toLowerCase() });
    });

    it('reads null comparisons', () => {
      expect(parse('completedDateTime eq null')).toMatchObject({ operator: 'eq', value: null });
      expect(parse('null ne completedDateTime')).toMatchObject({ operator: 'ne', value: null });
    });

    it('turns a literal on the left into the mirrored comparison', () => {
      expect(parse('50 lt percentProgress')).toEqual({
        kind: 'compare',
        operator: 'gt',
        property: 'percentProgress',
        value: 50,
      });
    });

    it('reads in lists', () => {
      expect(parse("status in ('running', 'failed')")).toEqual({
        kind: 'in',
        property: 'status',
        values: ['running', 'failed'],
      });
    });

    it('binds and tighter than or, and groups left to right', () => {
      const a = "status eq 'running'";
      const b = 'percentProgress gt 5';
      const c = "action eq 'index'";
      expect(formatFilter(parse(`${a} or ${b} and ${c}`))).toBe(`${a} or ${b} and ${c}`);
      expect(parse(`${a} or ${b} and ${c}`)).toMatchObject({
        kind: 'or',
        right: { kind: 'and' },
      });
      expect(parse(`${a} and ${b} and ${c}`)).toMatchObject({
        kind: 'and',
        left: { kind: 'and' },
      });
    });

    it('lets parentheses override precedence', () => {
      const expression = parse(
        "(status eq 'running' or status eq 'failed') and percentProgress eq 5",
      );
      expect(expression).toMatchObject({ kind: 'and', left: { kind: 'or' } });
    });

    it('negates a parenthesized condition, also twice', () => {
      expect(parse("not (status eq 'running')")).toMatchObject({
        kind: 'not',
        operand: { kind: 'compare' },
      });
      expect(parse("not not (status eq 'running')")).toMatchObject({
        kind: 'not',
        operand: { kind: 'not' },
      });
    });

    it('tolerates tabs and extra spaces', () => {
      expect(parse("  status\teq   'running'  ")).toMatchObject({ value: 'running' });
    });

    it('when the formatted text of any filter is parsed again, then it gives the same filter', () => {
      fc.assert(
        fc.property(filterArbitrary, (expression) => {
          expect(parse(formatFilter(expression))).toEqual(expression);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('refusals', () => {
    it('names an unknown property and where it is', () => {
      expect(refuse("status eq 'failed' and foo eq 1")).toBe(
        "$filter: unknown property 'foo' at position 23",
      );
    });

    it('refuses literals of the wrong type for the property', () => {
      expect(refuse("percentProgress eq 'x'")).toBe(
        "$filter: expected an Int32 integer for 'percentProgress' at position 19 but found the string 'x'",
      );
      expect(refuse('createdDateTime gt 5')).toBe(
        "$filter: expected a date-time literal for 'createdDateTime' at position 19 but found '5'",
      );
      expect(refuse("createdDateTime gt '2024-01-01T00:00:00Z'")).toMatch(
        /expected a date-time literal for 'createdDateTime' at position 19/,
      );
      expect(refuse('createdBy/user/id eq 5')).toBe(
        "$filter: expected a string literal for 'createdBy/user/id' at position 21 but found '5'",
      );
      expect(refuse('status eq running')).toBe(
        "$filter: expected a quoted enum member for 'status' at position 10 but found 'running'",
      );
      expect(refuse('createdDateTime gt abc')).toBe(
        "$filter: expected a date-time literal for 'createdDateTime' at position 19 but found 'abc'",
      );
      expect(refuse('foo eq bar')).toBe("$filter: unknown property 'foo' at position 0");
      expect(refuse('percentProgress eq true')).toMatch(
        /expected an Int32 integer .* found 'true'/,
      );
    });

    it('refuses integers outside Int32 and decimals', () => {
      expect(refuse('percentProgress eq 2147483648')).toMatch(/expected an Int32 integer/);
      expect(refuse('percentProgress eq 1.5')).toMatch(/expected an Int32 integer/);
      expect(parse('percentProgress eq -2147483648')).toMatchObject({ value: -2147483648 });
    });

    it('refuses impossible and offset-less date-times', () => {
      for (const text of [
        '2024-02-30T00:00:00Z',
        '2024-01-01T24:00:00Z',
        '2024-01-01T00:00:00',
        '2024-01-01',
        '2024-01-01T00:00:00+25:00',
        'abc',
      ]) {
        expect(refuse(`createdDateTime eq ${text}`)).toMatch(/expected a date-time literal/);
      }
    });

    it('refuses date-times more precise than a millisecond', () => {
      expect(refuse('createdDateTime ge 2024-01-01T00:00:00.1234Z')).toBe(
        "$filter: date-time literal for 'createdDateTime' at position 19 is more precise than a millisecond",
      );
    });

    it('names the allowed members when an enum member is unknown', () => {
      expect(refuse("status eq 'done'")).toBe(
        "$filter: 'done' is not a known member of 'status' at position 10; expected one of: " +
          'notStarted, submissionFailed, running, succeeded, partiallySucceeded, failed',
      );
    });

    it('refuses members the caller marks as unknown to this client', () => {
      const refused = { refusedEnumMembers: { action: ['purgeData'] } };
      const message = badRequestMessage(() =>
        parseFilter("action eq 'purgeData'", operationProperties, refused),
      );
      expect(message).toMatch(
        /^\$filter: 'purgeData' is not a known member of 'action' at position 10/,
      );
      expect(message).not.toMatch(/expected one of: .*purgeData/);
      expect(parseFilter("action eq 'purgeData'", operationProperties)).toMatchObject({
        value: 'purgeData',
      });
    });

    it('refuses malformed GUIDs', () => {
      expect(refuse("id eq '3f2504e0-4f89-11d3-9a0c'")).toBe(
        "$filter: expected a GUID for 'id' at position 6 but found the string '3f2504e0-4f89-11d3-9a0c'",
      );
      expect(refuse('id eq 3f2504e0-4f89-11d3-9a0c-0305e82c330z')).toMatch(/expected a GUID/);
    });

    it('refuses ordering comparisons on enums and GUIDs', () => {
      expect(refuse("status gt 'running'")).toBe(
        "$filter: operator 'gt' is not supported for 'status' at position 7; use eq, ne or in",
      );
      expect(refuse("id le '3f2504e0-4f89-11d3-9a0c-0305e82c3301'")).toMatch(/operator 'le'/);
    });

    it('compares with null only through eq and ne', () => {
      expect(refuse('completedDateTime gt null')).toBe(
        "$filter: null can only be compared with eq or ne, not 'gt', at position 18",
      );
    });

    it('refuses comparisons without exactly one property', () => {
      expect(refuse('5 eq 5')).toBe(
        '$filter: a comparison needs one property and one literal at position 0',
      );
      expect(refuse('percentProgress eq percentProgress')).toMatch(/one property and one literal/);
    });

    it('refuses not in front of a bare comparison, as its precedence makes that meaningless', () => {
      expect(refuse("not status eq 'running'")).toBe(
        "$filter: 'not' must be followed by a parenthesized condition at position 4, " +
          "e.g. not (status eq 'running')",
      );
    });

    it('refuses upper-case operators, since OData keywords are case-sensitive', () => {
      expect(refuse("status EQ 'running'")).toBe(
        "$filter: expected a comparison operator at position 7 but found 'EQ'",
      );
      expect(refuse("status eq 'running' AND percentProgress eq 1")).toBe(
        "$filter: unexpected 'AND' at position 20",
      );
    });

    it('reports broken syntax with its position', () => {
      expect(refuse("(status eq 'running'")).toBe(
        "$filter: expected ')' at position 20 but found the end of the expression",
      );
      expect(refuse("status eq 'running')")).toBe("$filter: unexpected ')' at position 19");
      expect(refuse("status eq 'running")).toBe(
        '$filter: unterminated string literal at position 10',
      );
      expect(refuse('status eq $it')).toBe("$filter: unexpected character '$' at position 10");
      expect(refuse("status eq 'failed' and")).toBe(
        '$filter: expected a property or a literal at position 22 but found the end of the expression',
      );
      expect(refuse('status eq')).toMatch(/expected a property or a literal at position 9/);
      expect(refuse('percentProgress')).toBe(
        '$filter: expected a comparison operator at position 15 but found the end of the expression',
      );
    });

    it('refuses malformed in lists', () => {
      expect(refuse("status in 'running'")).toBe(
        "$filter: expected '(' after 'in' at position 10 but found a string literal",
      );
      expect(refuse("status in ('running',)")).toMatch(
        /expected a property or a literal at position 21/,
      );
      expect(refuse("status in ('running' 'failed')")).toBe(
        "$filter: expected ',' or ')' at position 21 but found a string literal",
      );
      expect(refuse('completedDateTime in (null)')).toBe(
        "$filter: null is not allowed in an 'in' list at position 22; use 'eq null'",
      );
      expect(refuse("'running' in ('running')")).toBe(
        "$filter: 'in' needs a property on its left at position 10",
      );
      expect(refuse('percentProgress in (1, percentProgress)')).toBe(
        "$filter: an 'in' list may only hold literals, at position 23",
      );
    });

    it('refuses empty and overlong expressions', () => {
      expect(refuse('   ')).toBe('$filter: the expression is empty');
      const long = `status eq '${'x'.repeat(FILTER_MAX_LENGTH)}'`;
      expect(refuse(long)).toBe('$filter: the expression is longer than 2000 characters');
    });

    it('limits nesting depth', () => {
      const nested = (depth: number) =>
        `${'('.repeat(depth)}percentProgress eq 1${')'.repeat(depth)}`;
      expect(parse(nested(FILTER_MAX_DEPTH))).toMatchObject({ kind: 'compare' });
      expect(refuse(nested(FILTER_MAX_DEPTH + 1))).toBe(
        '$filter: nesting is deeper than 32 levels at position 32',
      );
      expect(refuse(`${'not '.repeat(FILTER_MAX_DEPTH + 1)}(percentProgress eq 1)`)).toMatch(
        /nesting is deeper than 32 levels/,
      );
    });

    it('limits the number of in items', () => {
      const list = (count: number) =>
        `percentProgress in (${Array.from({ length: count }, (_, i) => i).join(',')})`;
      expect(parse(list(FILTER_MAX_IN_ITEMS))).toMatchObject({ kind: 'in' });
      expect(refuse(list(FILTER_MAX_IN_ITEMS + 1))).toBe(
        "$filter: the 'in' list at position 19 has more than 100 items",
      );
    });

    it('targets $filter and truncates long echoes of client input', () => {
      const error = refusal(() => parse(`status eq '${'y'.repeat(200)}'`));
      expect(error.options.target).toBe('$filter');
      expect(error.message.length).toBeLessThan(200);
    });
  });
});

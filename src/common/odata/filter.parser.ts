import { COMPARISON_OPERATORS, ComparisonOperator, FilterExpression } from './filter.ast';
import {
  assertOperatorFits,
  isNullLiteral,
  LiteralContext,
  RawLiteral,
  typeLiteral,
} from './filter.literal';
import { filterError, FilterToken, tokenizeFilter } from './filter.tokenizer';
import { findProperty, PropertyValue, QueryableProperties } from './queryable-property';

export const FILTER_MAX_LENGTH = 2000;
export const FILTER_MAX_DEPTH = 32;
export const FILTER_MAX_IN_ITEMS = 100;

export interface FilterParseOptions {
  /**
   * Enum members that exist but that this request may not name, by property path: members of
   * an evolvable enum after its sentinel, unless the client sent
   * `Prefer: include-unknown-enum-members`.
   */
  readonly refusedEnumMembers?: Readonly<Record<string, readonly string[]>>;
}

type Operand =
  | { readonly kind: 'property'; readonly path: string; readonly position: number }
  | { readonly kind: 'literal'; readonly literal: RawLiteral };

const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const LITERAL_WORDS = ['null', 'true', 'false'];
const KEYWORDS = ['and', 'or', 'not', 'in', ...COMPARISON_OPERATORS];

/**
 * Parses and type-checks `$filter` against the properties a collection exposes. Positions in
 * its 400 messages are zero-based character offsets into the text.
 */
export function parseFilter(
  text: string,
  properties: QueryableProperties,
  options: FilterParseOptions = {},
): FilterExpression {
  if (text.length > FILTER_MAX_LENGTH) {
    throw filterError(`the expression is longer than ${FILTER_MAX_LENGTH} characters`);
  }
  if (text.trim() === '') {
    throw filterError('the expression is empty');
  }

  return new FilterParser(tokenizeFilter(text), properties, options).parse();
}

class FilterParser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly FilterToken[],
    private readonly properties: QueryableProperties,
    private readonly options: FilterParseOptions,
  ) {}

  parse(): FilterExpression {
    const expression = this.parseOr();
    const token = this.peek();
    if (token.kind !== 'end') {
      throw filterError(`unexpected ${describe(token)} at position ${token.position}`);
    }
    return expression;
  }

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    while (this.acceptWord('or')) {
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpression {
    let left = this.parseCondition();
    while (this.acceptWord('and')) {
      left = { kind: 'and', left, right: this.parseCondition() };
    }
    return left;
  }

  private parseCondition(): FilterExpression {
    const token = this.peek();
    if (token.kind === 'open') {
      return this.nested(token, () => this.parseParenthesized());
    }
    if (token.kind === 'word' && token.text === 'not') {
      return this.nested(token, () => this.parseNot());
    }
    return this.parseComparison();
  }

  private parseParenthesized(): FilterExpression {
    this.next();
    const expression = this.parseOr();
    this.expect('close', "')'");
    return expression;
  }

  // `not` binds tighter than a comparison, so it can only negate a parenthesized condition.
  private parseNot(): FilterExpression {
    this.next();
    const operand = this.peek();
    const negatable =
      operand.kind === 'open' || (operand.kind === 'word' && operand.text === 'not');
    if (!negatable) {
      throw filterError(
        `'not' must be followed by a parenthesized condition at position ${operand.position}, ` +
          `e.g. not (status eq 'running')`,
      );
    }
    return { kind: 'not', operand: this.parseCondition() };
  }

  private nested(token: FilterToken, parse: () => FilterExpression): FilterExpression {
    this.depth += 1;
    if (this.depth > FILTER_MAX_DEPTH) {
      throw filterError(
        `nesting is deeper than ${FILTER_MAX_DEPTH} levels at position ${token.position}`,
      );
    }
    const expression = parse();
    this.depth -= 1;
    return expression;
  }

  private parseComparison(): FilterExpression {
    const left = this.parseOperand();
    const token = this.next();
    if (token.kind === 'word' && token.text === 'in') {
      return this.parseIn(left, token.position);
    }
    if (token.kind !== 'word' || !isComparisonOperator(token.text)) {
      throw filterError(
        `expected a comparison operator at position ${token.position} but found ${describe(token)}`,
      );
    }
    return this.compare(left, token.text, this.parseOperand(), token.position);
  }

  private compare(
    left: Operand,
    operator: ComparisonOperator,
    right: Operand,
    position: number,
  ): FilterExpression {
    if (left.kind === 'literal' && right.kind === 'property') {
      return this.compare(right, mirror(operator), left, position);
    }
    if (left.kind === 'property' && right.kind === 'property' && !this.isKnown(right)) {
      return this.compare(left, operator, asLiteral(right), position);
    }
    if (left.kind !== 'property' || right.kind !== 'literal') {
      throw filterError(
        `a comparison needs one property and one literal at position ${operandPosition(left)}`,
      );
    }

    const context = this.literalContext(left);
    if (isNullLiteral(right.literal)) {
      return this.compareWithNull(left, operator, position);
    }
    assertOperatorFits(operator, context, position);
    const value = typeLiteral(right.literal, context);
    return { kind: 'compare', operator, property: left.path, value };
  }

  private compareWithNull(
    property: Extract<Operand, { kind: 'property' }>,
    operator: ComparisonOperator,
    position: number,
  ): FilterExpression {
    if (operator !== 'eq' && operator !== 'ne') {
      throw filterError(
        `null can only be compared with eq or ne, not '${operator}', at position ${position}`,
      );
    }
    return { kind: 'compare', operator, property: property.path, value: null };
  }

  private parseIn(left: Operand, position: number): FilterExpression {
    if (left.kind !== 'property') {
      throw filterError(`'in' needs a property on its left at position ${position}`);
    }
    const context = this.literalContext(left);
    assertOperatorFits('eq', context, position);

    const values = this.parseInList().map((literal): PropertyValue => {
      if (isNullLiteral(literal)) {
        throw filterError(
          `null is not allowed in an 'in' list at position ${literal.position}; use 'eq null'`,
        );
      }
      return typeLiteral(literal, context);
    });
    return { kind: 'in', property: left.path, values };
  }

  private parseInList(): RawLiteral[] {
    const open = this.expect('open', "'(' after 'in'");
    const literals: RawLiteral[] = [];
    do {
      const operand = this.parseOperand();
      if (operand.kind !== 'literal') {
        throw filterError(`an 'in' list may only hold literals, at position ${operand.position}`);
      }
      literals.push(operand.literal);
      if (literals.length > FILTER_MAX_IN_ITEMS) {
        throw filterError(
          `the 'in' list at position ${open.position} has more than ${FILTER_MAX_IN_ITEMS} items`,
        );
      }
    } while (this.accept('comma'));
    this.expect('close', "',' or ')'");
    return literals;
  }

  private parseOperand(): Operand {
    const token = this.next();
    if (token.kind === 'string') {
      return {
        kind: 'literal',
        literal: { text: token.value, quoted: true, position: token.position },
      };
    }
    if (token.kind !== 'word' || KEYWORDS.includes(token.text)) {
      throw filterError(
        `expected a property or a literal at position ${token.position} ` +
          `but found ${describe(token)}`,
      );
    }

    if (LITERAL_WORDS.includes(token.text) || !PROPERTY_PATH.test(token.text)) {
      return {
        kind: 'literal',
        literal: { text: token.text, quoted: false, position: token.position },
      };
    }
    return { kind: 'property', path: token.text, position: token.position };
  }

  private isKnown(operand: Extract<Operand, { kind: 'property' }>): boolean {
    return findProperty(this.properties, operand.path) !== undefined;
  }

  private literalContext(operand: Extract<Operand, { kind: 'property' }>): LiteralContext {
    const property = findProperty(this.properties, operand.path);
    if (!property) {
      throw filterError(`unknown property '${operand.path}' at position ${operand.position}`);
    }
    const refusedMembers = this.options.refusedEnumMembers?.[operand.path] ?? [];
    return { path: operand.path, property, refusedMembers };
  }

  private peek(): FilterToken {
    return this.tokens[this.index];
  }

  private next(): FilterToken {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') {
      this.index += 1;
    }
    return token;
  }

  private accept(kind: FilterToken['kind']): boolean {
    if (this.peek().kind !== kind) {
      return false;
    }
    this.next();
    return true;
  }

  private acceptWord(word: string): boolean {
    const token = this.peek();
    if (token.kind !== 'word' || token.text !== word) {
      return false;
    }
    this.next();
    return true;
  }

  private expect(kind: FilterToken['kind'], expected: string): FilterToken {
    const token = this.next();
    if (token.kind !== kind) {
      throw filterError(
        `expected ${expected} at position ${token.position} but found ${describe(token)}`,
      );
    }
    return token;
  }
}

function isComparisonOperator(text: string): text is ComparisonOperator {
  return (COMPARISON_OPERATORS as readonly string[]).includes(text);
}

function mirror(operator: ComparisonOperator): ComparisonOperator {
  const mirrored: Record<ComparisonOperator, ComparisonOperator> = {
    eq: 'eq',
    ne: 'ne',
    gt: 'lt',
    ge: 'le',
    lt: 'gt',
    le: 'ge',
  };
  return mirrored[operator];
}

// An unknown name where a literal may stand is most likely an unquoted or mistyped value, and
// is reported as one: `createdDateTime gt yesterday`.
function asLiteral(operand: Extract<Operand, { kind: 'property' }>): Operand {
  return {
    kind: 'literal',
    literal: { text: operand.path, quoted: false, position: operand.position },
  };
}

function operandPosition(operand: Operand): number {
  return operand.kind === 'property' ? operand.position : operand.literal.position;
}

function describe(token: FilterToken): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'open':
      return "'('";
    case 'close':
      return "')'";
    case 'comma':
      return "','";
    case 'string':
      return 'a string literal';
    case 'word':
      return `'${token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text}'`;
  }
}

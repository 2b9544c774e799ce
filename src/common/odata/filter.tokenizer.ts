import { GraphError } from '../http/graph-error';

export type FilterToken =
  | { readonly kind: 'open' | 'close' | 'comma' | 'end'; readonly position: number }
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  /** Names, keywords and unquoted literals alike; the parser knows which one it expects. */
  | { readonly kind: 'word'; readonly text: string; readonly position: number };

const PUNCTUATION: Readonly<Record<string, 'open' | 'close' | 'comma'>> = {
  '(': 'open',
  ')': 'close',
  ',': 'comma',
};

const WHITESPACE = /[ \t]/;
const WORD_CHARACTER = /[A-Za-z0-9_/.:+-]/;

export function filterError(message: string): GraphError {
  return GraphError.badRequest(`$filter: ${message}`, { target: '$filter' });
}

/** Splits `$filter` text into tokens, each with its zero-based character position. */
export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let position = 0;

  while (position < text.length) {
    const character = text[position];
    if (WHITESPACE.test(character)) {
      position += 1;
    } else if (Object.hasOwn(PUNCTUATION, character)) {
      tokens.push({ kind: PUNCTUATION[character], position });
      position += 1;
    } else if (character === "'") {
      const token = readString(text, position);
      tokens.push(token.token);
      position = token.end;
    } else if (WORD_CHARACTER.test(character)) {
      const end = wordEnd(text, position);
      tokens.push({ kind: 'word', text: text.slice(position, end), position });
      position = end;
    } else {
      throw filterError(`unexpected character '${character}' at position ${position}`);
    }
  }

  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && WORD_CHARACTER.test(text[end])) {
    end += 1;
  }
  return end;
}

function readString(text: string, start: number): { token: FilterToken; end: number } {
  let value = '';
  let position = start + 1;

  while (position < text.length) {
    const next = text.indexOf("'", position);
    if (next === -1) {
      break;
    }
    value += text.slice(position, next);
    if (text[next + 1] !== "'") {
      return { token: { kind: 'string', value, position: start }, end: next + 1 };
    }
    value += "'";
    position = next + 2;
  }

  throw filterError(`unterminated string literal at position ${start}`);
}

import { Request, Response } from 'express';

/** The `Prefer` header's preferences that caseops honours. */
export interface Preferences {
  readonly returnMinimal: boolean;
  readonly returnRepresentation: boolean;
  readonly includeUnknownEnumMembers: boolean;
  readonly maxPageSize: number | undefined;
}

/** Parses `Prefer`; preferences it does not know are ignored, as RFC 7240 asks. */
export function readPreferences(request: Request): Preferences {
  const tokens = (request.header('prefer') ?? '')
    .split(',')
    .map((token) =>
      token
        .trim()
        .toLowerCase()
        .replace(/\s*=\s*/g, '='),
    )
    .filter((token) => token !== '');

  const pageSize = tokens.find((token) => token.startsWith('odata.maxpagesize='));
  const size = pageSize === undefined ? NaN : Number(pageSize.split('=')[1]);

  return {
    returnMinimal: tokens.includes('return=minimal'),
    returnRepresentation: tokens.includes('return=representation'),
    includeUnknownEnumMembers: tokens.includes('include-unknown-enum-members'),
    maxPageSize: Number.isInteger(size) && size > 0 ? size : undefined,
  };
}

/** How a write answers, and which preferences that honours. */
export interface WriteAnswer {
  readonly status: 200 | 201 | 204;
  readonly withEntity: boolean;
  readonly honoured: readonly string[];
}

/**
 * A creation answers 201 with the entity unless the client prefers `return=minimal`; an update
 * answers 204 unless it prefers `return=representation`.
 */
export function answerToWrite(write: 'create' | 'update', preferences: Preferences): WriteAnswer {
  if (write === 'create') {
    return preferences.returnMinimal
      ? { status: 204, withEntity: false, honoured: ['return=minimal'] }
      : { status: 201, withEntity: true, honoured: [] };
  }
  return preferences.returnRepresentation
    ? { status: 200, withEntity: true, honoured: ['return=representation'] }
    : { status: 204, withEntity: false, honoured: [] };
}

/** Names what was honoured in `Preference-Applied`. */
export function applyPreferences(response: Response, honoured: readonly string[]): void {
  if (honoured.length > 0) response.setHeader('Preference-Applied', honoured.join(', '));
}

import { QueryFailedError } from 'typeorm';

/** Socket errors of a server that is down, unreachable or gone mid-conversation. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * PostgreSQL SQLSTATEs that say "not now" rather than "not this": shutdown (57P01-57P03),
 * too many connections (53300). Class 08 (connection exceptions) is matched by prefix.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** node-postgres reports a lost or unobtainable connection with a message and no code. */
const CONNECTION_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

/**
 * True when the error says the database cannot be reached or refuses connections for now, so
 * the same request may succeed later. Errors of the statement itself are never matched.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  // Not `instanceof Error`: socket errors may come from another realm (a test sandbox).
  if (typeof cause !== 'object' || cause === null) return false;

  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && isUnavailableCode(code)) return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.some((m) => message.startsWith(m));
}

function isUnavailableCode(code: string): boolean {
  return NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
}

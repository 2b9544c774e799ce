import { GraphError } from '../common/http/graph-error';

/** The Entra ID claims caseops reads, each checked for its type. */
export interface EntraClaims {
  /** The tenant, a GUID in lower case (as PostgreSQL's uuid prints it). */
  readonly tid: string;
  /** Delegated permissions, space-separated. */
  readonly scp?: string;
  /** Application permissions. */
  readonly roles?: readonly string[];
  readonly oid?: string;
  readonly name?: string;
  readonly preferred_username?: string;
  readonly upn?: string;
  readonly appid?: string;
  readonly azp?: string;
  readonly app_displayname?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STRING_CLAIMS = [
  'scp',
  'oid',
  'name',
  'preferred_username',
  'upn',
  'appid',
  'azp',
  'app_displayname',
] as const;

type StringClaim = (typeof STRING_CLAIMS)[number];

/** Reads the claims of a verified token; a missing or malformed one is a 401. */
export function readEntraClaims(payload: Readonly<Record<string, unknown>>): EntraClaims {
  const strings: Partial<Record<StringClaim, string>> = {};
  for (const claim of STRING_CLAIMS) {
    const value = optionalString(payload, claim);
    if (value !== undefined) strings[claim] = value;
  }

  const granted = roles(payload.roles);
  return {
    ...strings,
    tid: tenantId(payload.tid),
    ...(granted === undefined ? {} : { roles: granted }),
  };
}

function tenantId(tid: unknown): string {
  if (tid === undefined || tid === null || tid === '') {
    throw GraphError.unauthorized('The token has no tenant id (tid)');
  }
  if (typeof tid !== 'string' || !GUID.test(tid)) {
    throw GraphError.unauthorized("The token's tenant id (tid) is not a GUID");
  }
  return tid.toLowerCase();
}

function roles(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;

  const valid = Array.isArray(value) && value.every((role) => typeof role === 'string');
  if (!valid) throw GraphError.unauthorized("The token's roles claim is not a list of strings");
  return value;
}

function optionalString(payload: Readonly<Record<string, unknown>>, claim: string) {
  const value = payload[claim];
  if (value === undefined) return undefined;

  if (typeof value !== 'string') {
    throw GraphError.unauthorized(`The token's ${claim} claim is not a string`);
  }
  return value;
}

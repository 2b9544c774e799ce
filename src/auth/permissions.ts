import { GraphError } from '../common/http/graph-error';
import { EntraClaims } from './entra-claims';

export const READ_PERMISSION = 'eDiscovery.Read.All';
export const READ_WRITE_PERMISSION = 'eDiscovery.ReadWrite.All';

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The permissions any one of which lets a request with this HTTP method through. */
export function permissionsFor(method: string): readonly string[] {
  return READ_METHODS.has(method.toUpperCase())
    ? [READ_PERMISSION, READ_WRITE_PERMISSION]
    : [READ_WRITE_PERMISSION];
}

/** The permissions a token grants: delegated (`scp`) and application (`roles`) alike. */
export function grantedPermissions(claims: EntraClaims): ReadonlySet<string> {
  const delegated = (claims.scp ?? '').split(' ').filter((scope) => scope.length > 0);
  return new Set([...delegated, ...(claims.roles ?? [])]);
}

/** Refuses (403) a token that grants none of the permissions the method needs. */
export function assertPermitted(method: string, claims: EntraClaims): void {
  const needed = permissionsFor(method);
  const granted = grantedPermissions(claims);
  if (needed.some((permission) => granted.has(permission))) return;

  const wording =
    needed.length === 1
      ? `the permission ${needed[0]}`
      : `one of the permissions ${needed.join(', ')}`;
  throw GraphError.forbidden(`This request needs ${wording}`);
}

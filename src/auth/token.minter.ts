import { loadJose } from './jose.loader';

/** A signed-in user acting through a client: the token carries `scp`. */
export interface DelegatedGrant {
  readonly kind: 'delegated';
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly string[];
}

/** An application acting as itself: the token carries `roles`. */
export interface ApplicationGrant {
  readonly kind: 'application';
  readonly tenantId: string;
  readonly appId: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export type TokenGrant = DelegatedGrant | ApplicationGrant;

/** What a shared-secret token must carry to pass the verifier's checks. */
export interface SharedSecretSigning {
  readonly secret: string;
  readonly issuer: string | null;
  readonly audiences: readonly string[];
}

/**
 * Mints an HS256 token shaped like Entra ID's, for development. `expiresIn` takes jose's
 * spans ('90m', '12h', '7d').
 */
export async function mintSharedSecretToken(
  signing: SharedSecretSigning,
  grant: TokenGrant,
  expiresIn: string,
): Promise<string> {
  const { SignJWT } = await loadJose();
  const jwt = new SignJWT(claimsOf(grant))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(expiresIn);

  const issuer = signing.issuer?.replace(/\{tenantid\}/gi, grant.tenantId);
  if (issuer !== undefined) jwt.setIssuer(issuer);
  if (signing.audiences.length > 0) jwt.setAudience(signing.audiences[0]);

  return jwt.sign(new TextEncoder().encode(signing.secret));
}

function claimsOf(grant: TokenGrant): Record<string, unknown> {
  if (grant.kind === 'delegated') {
    return {
      tid: grant.tenantId,
      sub: grant.userId,
      oid: grant.userId,
      name: grant.name,
      scp: grant.scopes.join(' '),
    };
  }

  return {
    tid: grant.tenantId,
    sub: grant.appId,
    appid: grant.appId,
    app_displayname: grant.name,
    roles: [...grant.roles],
  };
}

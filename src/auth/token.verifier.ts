import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';

import { GraphError } from '../common/http/graph-error';
import { AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { EntraClaims, readEntraClaims } from './entra-claims';
import { errorCode } from './error-code';
import { JoseModule, loadJose } from './jose.loader';

type VerificationKey = Uint8Array | JWTVerifyGetKey;

const ALGORITHMS: Record<AuthSettings['mode'], readonly string[]> = {
  jwks: ['RS256', 'ES256'],
  sharedSecret: ['HS256'],
};

const MALFORMED = 'The token is not a well-formed JWT';

/** What each jose refusal means to the client; none of them repeats the token. */
const REFUSALS: ReadonlyMap<string, string> = new Map([
  ['ERR_JWT_EXPIRED', 'The token has expired'],
  ['ERR_JWS_SIGNATURE_VERIFICATION_FAILED', "The token's signature is not valid"],
  ['ERR_JWKS_NO_MATCHING_KEY', 'The token is signed with a key the issuer does not publish (kid)'],
  ['ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'The token does not say which key signed it (kid)'],
  ['ERR_JWS_INVALID', MALFORMED],
  ['ERR_JWT_INVALID', MALFORMED],
  ['ERR_JOSE_NOT_SUPPORTED', MALFORMED],
]);

const CLAIM_REFUSALS: ReadonlyMap<unknown, string> = new Map([
  ['nbf', 'The token is not valid yet (nbf)'],
  ['aud', "The token's audience (aud) is not accepted"],
  ['exp', 'The token has no expiry (exp)'],
]);

const KEYS_UNAVAILABLE = 'The keys that sign tokens cannot be fetched at the moment';

/** How many verified tokens are remembered; a client sends the same token many times. */
const REMEMBERED_TOKENS = 5_000;

interface VerifiedToken {
  readonly claims: EntraClaims;
  /** When the token stops being valid, in epoch milliseconds, clock skew included. */
  readonly validUntil: number;
}

/** Checks bearer tokens against the configured keys, issuer, audience and clock. */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger(TokenVerifier.name);
  private key: VerificationKey | undefined;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(@Inject(AUTH_SETTINGS) private readonly settings: AuthSettings) {}

  /**
   * The token's claims once it passes every check; otherwise a 401 that says what failed. A
   * token that passed is remembered until it expires, so its signature is checked once, not on
   * every request; its expiry is still checked every time.
   */
  async verify(token: string): Promise<EntraClaims> {
    const remembered = this.verified.get(token);
    if (remembered !== undefined && Date.now() < remembered.validUntil) return remembered.claims;
    if (remembered !== undefined) this.verified.delete(token);

    const jose = await loadJose();
    this.assertAlgorithmAllowed(jose, token);

    const payload = await this.verifySignatureAndTimes(jose, token);
    const claims = readEntraClaims(payload);
    this.assertIssuer(payload.iss, payload.tid);

    this.remember(token, claims, payload.exp);
    return claims;
  }

  private remember(token: string, claims: EntraClaims, expiry: number | undefined): void {
    if (expiry === undefined) return;
    if (this.verified.size >= REMEMBERED_TOKENS) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }

    const validUntil = (expiry + this.settings.clockSkewSeconds) * 1000;
    this.verified.set(token, { claims, validUntil });
  }

  private get algorithms(): readonly string[] {
    return ALGORITHMS[this.settings.mode];
  }

  /** Checked before the signature so that `none` and a mode's foreign algorithms say so. */
  private assertAlgorithmAllowed(jose: JoseModule, token: string): void {
    let algorithm: string | undefined;
    try {
      algorithm = jose.decodeProtectedHeader(token).alg;
    } catch {
      throw GraphError.unauthorized(MALFORMED);
    }

    if (algorithm === 'none') throw GraphError.unauthorized('The token is not signed (alg none)');
    if (algorithm === undefined || !this.algorithms.includes(algorithm)) {
      const accepted = this.algorithms.join(' or ');
      throw GraphError.unauthorized(
        `The token's signing algorithm is not accepted; use ${accepted}`,
      );
    }
  }

  private async verifySignatureAndTimes(jose: JoseModule, token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jose.jwtVerify(token, this.verificationKey(jose), this.options());
      return payload;
    } catch (error) {
      throw this.refusal(error);
    }
  }

  private options(): JWTVerifyOptions {
    const { audiences, clockSkewSeconds } = this.settings;

    return {
      algorithms: [...this.algorithms],
      audience: audiences.length > 0 ? [...audiences] : undefined,
      clockTolerance: clockSkewSeconds,
      requiredClaims: ['exp'],
    };
  }

  /** jose's remote set keeps the keys and fetches them again when it meets an unknown `kid`. */
  private verificationKey(jose: JoseModule): VerificationKey {
    this.key ??=
      this.settings.mode === 'jwks'
        ? jose.createRemoteJWKSet(new URL(this.settings.jwksUri), {
            cooldownDuration: this.settings.jwks.cooldownMs,
            cacheMaxAge: this.settings.jwks.cacheMaxAgeMs,
            timeoutDuration: this.settings.jwks.timeoutMs,
          })
        : new TextEncoder().encode(this.settings.secret);
    return this.key;
  }

  private refusal(error: unknown): unknown {
    const code = errorCode(error) ?? '';
    const message =
      code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' ? claimRefusal(error) : REFUSALS.get(code);
    if (message !== undefined) return GraphError.unauthorized(message);
    if (this.settings.mode !== 'jwks') return error;

    this.logger.error(
      `Fetching signing keys from ${this.settings.jwksUri} failed: ${reason(error)}`,
    );
    return new GraphError(503, 'serviceNotAvailable', KEYS_UNAVAILABLE, {
      headers: { 'Retry-After': '30' },
    });
  }

  /** Runs after `readEntraClaims`, so `tid` is known to be a GUID. */
  private assertIssuer(issuer: unknown, tid: unknown): void {
    if (this.settings.issuer === null) return;
    if (typeof issuer !== 'string') throw GraphError.unauthorized('The token has no issuer (iss)');

    // Entra's multi-tenant issuer names the tenant, so the expected value depends on the token.
    const expected = this.settings.issuer.replace(/\{tenantid\}/gi, String(tid));
    if (issuer !== expected) {
      throw GraphError.unauthorized("The token's issuer (iss) is not accepted");
    }
  }
}

function claimRefusal(error: unknown): string {
  const claim = typeof error === 'object' && error !== null && 'claim' in error ? error.claim : '';
  return CLAIM_REFUSALS.get(claim) ?? 'A claim of the token is not valid';
}

function reason(error: unknown): string {
  const hasMessage = typeof error === 'object' && error !== null && 'message' in error;
  return hasMessage ? String(error.message) : String(error);
}

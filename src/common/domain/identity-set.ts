/** Graph's identity: an id and a display name, plus any extra properties the issuer supplied. */
export interface Identity {
  readonly id: string;
  readonly displayName: string | null;
  readonly [extra: string]: string | null;
}

/** Graph's identitySet: who did something, as a user, an application or a device. */
export interface IdentitySet {
  readonly user: Identity | null;
  readonly application: Identity | null;
  readonly device: Identity | null;
}

/**
 * What kind of refusal a domain error is. The HTTP layer maps each kind to a status code, so
 * the domain can say "this conflicts with the current state" without knowing about HTTP.
 */
export type DomainErrorKind = 'notFound' | 'conflict' | 'invalid' | 'stale';

/** A refusal the domain can name: a stable code that clients may branch on, and a safe message. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    /** The property or parameter the refusal is about, when there is one. */
    readonly target?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

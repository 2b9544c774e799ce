import { Request } from 'express';

/** The global route prefix: caseops serves Graph's beta namespace. */
export const API_PREFIX = 'beta';

/**
 * The absolute service root (`https://host/beta`) that `@odata.context`, `@odata.nextLink` and
 * `Location` start with: the configured public URL, or the scheme and host the request came in
 * on (behind a trusted proxy, the forwarded ones).
 */
export function serviceRoot(request: Request, publicBaseUrl: string | undefined): string {
  const base = publicBaseUrl ?? `${request.protocol}://${request.get('host') ?? 'localhost'}`;
  return `${base}/${API_PREFIX}`;
}

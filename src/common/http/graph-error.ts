/** One entry of Graph's `error.details`. */
export interface GraphErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

export interface GraphErrorOptions {
  readonly target?: string;
  readonly details?: readonly GraphErrorDetail[];
  /** A more specific code, sent as `innerError.code`. */
  readonly innerCode?: string;
  /** Extra response headers, such as `Retry-After` or `WWW-Authenticate`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An error that already knows its HTTP status and Graph error code. Anything outside the
 * domain that refuses a request (validation, authentication, limits) throws one of these, and
 * the global filter renders it in Graph's error body.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: GraphErrorOptions = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }

  static badRequest(message: string, options?: GraphErrorOptions): GraphError {
    return new GraphError(400, 'badRequest', message, options);
  }

  static unauthorized(message: string): GraphError {
    return new GraphError(401, 'InvalidAuthenticationToken', message, {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }

  static forbidden(message: string): GraphError {
    return new GraphError(403, 'accessDenied', message);
  }

  static notFound(message: string, options?: GraphErrorOptions): GraphError {
    return new GraphError(404, 'itemNotFound', message, options);
  }
}

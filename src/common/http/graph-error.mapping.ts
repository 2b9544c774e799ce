import { HttpException } from '@nestjs/common';

import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError, DomainErrorKind } from '../domain/domain-error';
import { GraphError } from './graph-error';

const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, { status: number; code: string }>> = {
  invalid: { status: 400, code: 'badRequest' },
  notFound: { status: 404, code: 'itemNotFound' },
  conflict: { status: 409, code: 'conflict' },
  stale: { status: 412, code: 'preconditionFailed' },
};

/** Domain codes that Graph itself uses as the top-level error code. */
const GRAPH_NATIVE_CODES = new Set(['nameAlreadyExists']);

const GRAPH_CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'InvalidAuthenticationToken',
  403: 'accessDenied',
  404: 'itemNotFound',
  405: 'methodNotAllowed',
  406: 'notAcceptable',
  409: 'conflict',
  411: 'lengthRequired',
  412: 'preconditionFailed',
  413: 'requestEntityTooLarge',
  415: 'unsupportedMediaType',
  422: 'unprocessableEntity',
  429: 'TooManyRequests',
  503: 'serviceNotAvailable',
};

/** Body-parser errors carry a `type` and a `status`; these are the messages we give them. */
const BODY_ERRORS: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.too.large': 'The request body is larger than the service accepts.',
  'charset.unsupported': 'The request body must be encoded as UTF-8.',
  'encoding.unsupported': 'The request body uses a content encoding the service does not accept.',
  'request.aborted': 'The request was aborted before its body arrived.',
  'request.size.invalid': 'The request body is shorter or longer than its Content-Length.',
};

export function domainErrorToGraph(error: DomainError): GraphError {
  const { status, code } = STATUS_OF_KIND[error.kind];
  const graphCode = GRAPH_NATIVE_CODES.has(error.code) ? error.code : code;
  return new GraphError(status, graphCode, error.message, {
    target: error.target,
    innerCode: error.code,
  });
}

/** Turns anything thrown while serving a request into a GraphError; null means a server bug. */
export function toGraphError(error: unknown): GraphError | null {
  if (error instanceof GraphError) return error;
  if (error instanceof DomainError) return domainErrorToGraph(error);
  if (error instanceof HttpException) return fromHttpException(error);
  return fromBodyParser(error);
}

/**
 * A database that cannot be reached is an outage the client should wait out: 503 with
 * `Retry-After`, as Graph answers. Null for every other error, database errors included.
 */
export function databaseOutageToGraph(
  error: unknown,
  retryAfterSeconds: number,
): GraphError | null {
  if (!isDatabaseUnavailable(error)) return null;

  return new GraphError(
    503,
    'serviceNotAvailable',
    'The service cannot reach its database at the moment. Try again later.',
    { innerCode: 'databaseUnavailable', headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}

export function graphCodeForStatus(status: number): string {
  return GRAPH_CODE_OF_STATUS[status] ?? (status >= 500 ? 'generalException' : 'badRequest');
}

function fromHttpException(error: HttpException): GraphError | null {
  const status = error.getStatus();
  if (status >= 500) return null;
  return new GraphError(status, graphCodeForStatus(status), error.message);
}

function fromBodyParser(error: unknown): GraphError | null {
  if (typeof error !== 'object' || error === null) return null;

  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number') return null;

  const message = BODY_ERRORS[type];
  if (message === undefined || status >= 500) return null;
  return new GraphError(status, graphCodeForStatus(status), message);
}

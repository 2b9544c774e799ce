import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import { Request, Response } from 'express';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { RequestContexts } from '../request-context/request-context';
import { GraphError } from './graph-error';
import { databaseOutageToGraph, toGraphError } from './graph-error.mapping';

/** Renders every error, expected or not, in Graph's error body. */
@Catch()
export class GraphExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(GraphExceptionFilter.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();

    const error =
      toGraphError(exception) ??
      this.outage(exception, request) ??
      this.unexpected(exception, request);
    if (error.status < 500) this.logRefusal(error, request);
    sendGraphError(response, error);
  }

  private outage(exception: unknown, request: Request): GraphError | null {
    const error = databaseOutageToGraph(exception, this.config.databaseRetryAfterSeconds);
    if (error === null) return null;

    const reason = exception instanceof Error ? exception.message : String(exception);
    this.logger.warn({
      msg: 'Database unavailable',
      method: request.method,
      path: request.path,
      reason,
    });
    return error;
  }

  private unexpected(exception: unknown, request: Request): GraphError {
    this.logger.error(
      { msg: 'Request failed unexpectedly', method: request.method, path: request.path },
      exception instanceof Error ? exception.stack : String(exception),
    );
    return new GraphError(500, 'generalException', 'An unexpected error occurred.');
  }

  private logRefusal(error: GraphError, request: Request): void {
    this.logger.warn({
      msg: 'Refused request',
      method: request.method,
      path: request.path,
      status: error.status,
      code: error.options.innerCode ?? error.code,
    });
  }
}

/** Writes Graph's error body, with the request ids a caller can quote. */
export function sendGraphError(response: Response, error: GraphError): void {
  if (response.headersSent) {
    response.end();
    return;
  }

  const context = RequestContexts.current();
  const { target, details, innerCode, headers } = error.options;
  for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);

  response.status(error.status).json({
    error: {
      code: error.code,
      message: error.message,
      ...(target !== undefined && { target }),
      ...(details !== undefined && details.length > 0 && { details }),
      innerError: {
        ...(innerCode !== undefined && { code: innerCode }),
        date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'request-id': context?.requestId,
        'client-request-id': context?.clientRequestId,
      },
    },
  });
}

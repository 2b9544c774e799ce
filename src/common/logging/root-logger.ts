import { IncomingMessage, ServerResponse } from 'node:http';

import { Logger as NestLogger } from '@nestjs/common';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';

import { LogFormat, LogLevel } from '../config/app-config';
import { routePattern } from '../http/route-pattern';
import { RequestContexts } from '../request-context/request-context';

export interface LogSettings {
  readonly level: LogLevel;
  readonly format: LogFormat;
}

/**
 * Credentials that must never reach a log line, should anything log a request, its headers or
 * a token. The serializers below already keep headers out; this is the second line of defence.
 */
const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'token',
  '*.token',
];

/** The one pino logger behind Nest's Logger and the request log. */
export function createRootLogger(settings: LogSettings, destination: DestinationStream): Logger {
  const options: LoggerOptions = {
    ...rootLoggerOptions(settings.level),
    mixin: (_fields, _level, logger) => (logger === root ? currentRequestIds() : {}),
  };
  const root =
    settings.format === 'pretty' && prettyPrinterInstalled()
      ? pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } })
      : pino(options, destination);
  return root;
}

/**
 * Nest's Logger writes through the root logger, inside a request or not, so the root logger
 * stamps the id of the request it is serving, if any. A request's own logger (the request line,
 * see requestLogMiddleware) is bound to that id already.
 */
function currentRequestIds(): object {
  const requestId = RequestContexts.current()?.requestId;
  return requestId === undefined ? {} : { requestId };
}

function rootLoggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { req: describeRequest, res: describeResponse, err: pino.stdSerializers.err },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

/** A request as logs may show it: method and route pattern, never its URL, headers or body. */
function describeRequest(request: IncomingMessage): object {
  return { method: request.method, route: routePattern(request) };
}

function describeResponse(response: ServerResponse): object {
  return { status: response.statusCode };
}

/** pino-pretty is a development tool; a production image may well not have it. */
function prettyPrinterInstalled(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    new NestLogger('Logging').warn('LOG_FORMAT=pretty needs pino-pretty; writing JSON instead');
    return false;
  }
}

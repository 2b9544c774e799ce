import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { DestinationStream, Logger } from 'pino';

import { LOG_DESTINATION, standardOutput } from './log-destination';
import { requestLogMiddleware } from './request-log.middleware';
import { createRootLogger, LogSettings } from './root-logger';

const ROOT_LOGGER = Symbol('ROOT_LOGGER');
const REQUEST_LOG = Symbol('REQUEST_LOG');

/**
 * Structured logs through pino. Nest's Logger writes through it once main.ts (or the test app)
 * calls `app.useLogger(app.get(Logger))`; inside a request every line carries its request id.
 */
@Module({})
export class LoggingModule {
  static forRoot(settings: LogSettings): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          providers: [
            { provide: LOG_DESTINATION, useFactory: standardOutput },
            {
              provide: ROOT_LOGGER,
              useFactory: (destination: DestinationStream) =>
                createRootLogger(settings, destination),
              inject: [LOG_DESTINATION],
            },
            {
              provide: REQUEST_LOG,
              useFactory: requestLogMiddleware,
              inject: [ROOT_LOGGER],
            },
          ],
          // The request log runs before any route (see logRequests), and the root logger finds
          // the request id itself, so nestjs-pino needs no middleware of its own.
          useFactory: (logger: Logger) => ({
            pinoHttp: { logger },
            useExisting: true,
            forRoutes: [],
          }),
          inject: [ROOT_LOGGER],
        }),
      ],
    };
  }
}

/**
 * Puts the request log in front of every other middleware, so that a request refused before
 * routing (a body too large, a wrong content type) still gets its line.
 */
export function logRequests(app: INestApplication): void {
  app.use(app.get(REQUEST_LOG));
}

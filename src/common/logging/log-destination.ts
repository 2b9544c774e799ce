import pino, { DestinationStream } from 'pino';

/** Where JSON log lines are written: standard output, unless a test reads them itself. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/** Standard output, written synchronously so that the last lines before a crash are kept. */
export function standardOutput(): DestinationStream {
  return pino.destination({ dest: 1, sync: true });
}

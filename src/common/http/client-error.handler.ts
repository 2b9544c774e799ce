import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { Duplex } from 'node:stream';

/** What Node's HTTP parser refuses before Express sees the request, and how we answer it. */
interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly code: string;
  readonly message: string;
}

const REFUSALS: Readonly<Record<string, Refusal>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'requestHeaderFieldsTooLarge',
    message: 'The request line and headers are larger than the service accepts.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'requestTimeout',
    message: 'The request did not arrive in time.',
  },
};

const MALFORMED: Refusal = {
  status: 400,
  reason: 'Bad Request',
  code: 'badRequest',
  message: 'The request is not well-formed HTTP.',
};

/**
 * Answers the requests that Node's HTTP parser refuses (a URL or headers too large, malformed
 * HTTP) in Graph's error body with a request id, instead of Node's bare status line.
 */
export function answerClientErrorsInGraphShape(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(graphErrorResponse(REFUSALS[error.code ?? ''] ?? MALFORMED));
  });
}

function graphErrorResponse(refusal: Refusal): string {
  const requestId = randomUUID();
  const body = JSON.stringify({
    error: {
      code: refusal.code,
      message: refusal.message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'request-id': requestId,
      },
    },
  });
  return [
    `HTTP/1.1 ${refusal.status} ${refusal.reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `request-id: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

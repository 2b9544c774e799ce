import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a new connection may stay silent during a shutdown before it counts as idle. */
const FIRST_REQUEST_GRACE_MS = 2000;

/** How long a stopping server keeps accepting the connections already queued for it. */
const ACCEPT_GRACE_MS = 250;

/** How often a draining server looks for connections that fell idle. */
const SWEEP_INTERVAL_MS = 100;

interface ConnectionState {
  readonly openedAt: number;
  requests: number;
  inFlight: number;
}

/**
 * Empties an HTTP server's connections on shutdown without dropping a request a client has
 * already sent. Node's own idle sweep, which `server.close()` runs, also destroys connections
 * that were accepted but whose first request has not been read yet (the event loop was busy),
 * so such requests were reset. This drain knows which connections carried a request, spares
 * new ones for a short grace, and asks clients to close after their answer.
 */
export class ConnectionDrain {
  private readonly connections = new Map<Socket, ConnectionState>();
  private readonly responses = new Set<ServerResponse>();
  private draining = false;

  /** Starts tracking at once, so it must be created before the server listens. */
  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => this.track(socket));
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) =>
      this.serve(request, response),
    );
    server.closeIdleConnections = () => this.closeIdle();
  }

  /**
   * Closes idle connections now and as they fall idle, ends keep-alive, and after
   * `timeoutMillis` closes every connection left (`onOverdue` says so first).
   * @returns what ends the sweeps once the server has closed.
   */
  start(timeoutMillis: number, onOverdue: () => void): () => void {
    this.draining = true;
    for (const response of this.responses) closeAfter(response);

    this.closeIdle();
    const sweep = setInterval(() => this.closeIdle(), SWEEP_INTERVAL_MS).unref();
    const overdue = setTimeout(() => {
      onOverdue();
      this.server.closeAllConnections();
    }, timeoutMillis).unref();

    return () => {
      clearInterval(sweep);
      clearTimeout(overdue);
    };
  }

  /**
   * Keeps accepting for a short grace before the listener closes. Closing it resets every
   * connection the kernel has queued but Node has not accepted yet, though those clients had
   * connected and sent their request before the shutdown began; under load, yielding one or two
   * turns of the event loop was not enough to accept them (the reliability tests measured it).
   */
  async acceptQueued(): Promise<void> {
    await sleep(ACCEPT_GRACE_MS);
  }

  private track(socket: Socket): void {
    this.connections.set(socket, { openedAt: Date.now(), requests: 0, inFlight: 0 });
    socket.once('close', () => this.connections.delete(socket));
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const state = this.connections.get(request.socket);
    if (state !== undefined) {
      state.requests += 1;
      state.inFlight += 1;
    }
    this.responses.add(response);
    if (this.draining) closeAfter(response);

    response.once('close', () => {
      this.responses.delete(response);
      if (state !== undefined) state.inFlight -= 1;
    });
  }

  /** A connection is idle between requests, or when it sent none within the grace. */
  private closeIdle(): void {
    const now = Date.now();
    for (const [socket, state] of this.connections) {
      if (state.inFlight > 0) continue;
      if (state.requests === 0 && now - state.openedAt < FIRST_REQUEST_GRACE_MS) continue;
      socket.destroy();
    }
  }
}

/** Tells the client not to reuse the connection, when the answer has not started yet. */
function closeAfter(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader('Connection', 'close');
}

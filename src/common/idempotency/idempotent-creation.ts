import { Inject, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { AmbientTransaction } from '../database/ambient-transaction';
import { GraphError } from '../http/graph-error';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from './idempotency-key.header';
import { IdempotencyStore, KeyClaim, StoredResponse, UsedKey } from './idempotency.store';
import { requestFingerprint } from './request-fingerprint';

/** The response headers of a creation that a replay repeats. */
const REPLAYED_HEADERS = ['Location', 'ETag', 'Preference-Applied'];

/** How long a retry waits for the first request with its key to finish. */
const WAIT_FOR_FIRST_SECONDS = 10;

/** PostgreSQL's lock_not_available: the wait for the first request ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/** One creation request, after its body was validated. */
export interface CreationExchange {
  readonly tenantId: string;
  readonly request: Request;
  readonly response: Response;
  readonly body: object;
}

/**
 * Makes a creation route idempotent under `Idempotency-Key`. Without the header the creation
 * simply runs. With it, the key is claimed, the entity created and the response recorded in one
 * transaction: a retry with the same body gets the recorded response, one with another body or
 * route gets 422, and one that arrives while the first is running waits for it (up to
 * {@link WAIT_FOR_FIRST_SECONDS}, then 409 with `Retry-After`). A creation that fails records
 * nothing, so the key stays free for a retry.
 */
@Injectable()
export class IdempotentCreation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: IdempotencyStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs `create` once per key; `create` sets the response's status and headers itself. */
  async run<T>(exchange: CreationExchange, create: () => Promise<T>): Promise<T> {
    const key = idempotencyKeyOf(exchange.request);
    if (key === undefined) return create();

    const { tenantId, request, body } = exchange;
    const claim: KeyClaim = {
      tenantId,
      key,
      fingerprint: requestFingerprint(request.method, request.path, body),
      retentionHours: this.config.idempotencyRetentionHours,
    };
    try {
      return await this.dataSource.transaction((manager) =>
        this.createOnce(manager, claim, exchange.response, create),
      );
    } catch (error) {
      if (isLockNotAvailable(error)) throw stillRunning(WAIT_FOR_FIRST_SECONDS);
      throw error;
    }
  }

  private async createOnce<T>(
    manager: EntityManager,
    claim: KeyClaim,
    response: Response,
    create: () => Promise<T>,
  ): Promise<T> {
    await manager.query(`SET LOCAL lock_timeout = '${WAIT_FOR_FIRST_SECONDS}s'`);
    const used = await this.store.claim(manager, claim);
    if (used === 'vanished') throw stillRunning(1);
    if (used !== 'claimed') return replay<T>(used, claim, response);

    const body = await AmbientTransaction.run(manager, create);
    await this.store.complete(manager, claim, recorded(response, body));
    return body;
  }
}

function recorded(response: Response, body: unknown): StoredResponse {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return {
    status: response.statusCode,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  };
}

/** Answers with the recorded response, which this route produced as a `T`. */
function replay<T>(used: UsedKey, claim: KeyClaim, response: Response): T {
  if (used.fingerprint !== claim.fingerprint) {
    throw new GraphError(
      422,
      'unprocessableEntity',
      `This ${IDEMPOTENCY_KEY_HEADER} was already used with another request body or route; ` +
        'use a new key for a different request.',
      { target: IDEMPOTENCY_KEY_HEADER, innerCode: 'idempotencyKeyReused' },
    );
  }

  const { status, headers, body } = used.response;
  response.status(status).setHeader('Idempotent-Replayed', 'true');
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  return (body === null ? undefined : JSON.parse(body)) as T;
}

function stillRunning(retryAfterSeconds: number): GraphError {
  return new GraphError(
    409,
    'conflict',
    `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry later.`,
    {
      target: IDEMPOTENCY_KEY_HEADER,
      innerCode: 'idempotencyKeyInUse',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    },
  );
}

function isLockNotAvailable(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  return (error.driverError as { code?: string }).code === LOCK_NOT_AVAILABLE;
}

import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The response a creation gave, as much of it as a replay needs. */
export interface StoredResponse {
  readonly status: number;
  /** `Location`, `ETag`, `Preference-Applied`: those the response had. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON text of the body, or null when it had none (204). */
  readonly body: string | null;
}

/** A key that an earlier request used: what that request was, and what it got. */
export interface UsedKey {
  readonly fingerprint: string;
  readonly response: StoredResponse;
}

export interface KeyClaim {
  readonly tenantId: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly retentionHours: number;
}

interface UsedKeyRow {
  readonly fingerprint: string;
  readonly response_status: number;
  readonly response_headers: Record<string, string>;
  readonly response_body: string | null;
}

/*
 * A new key is inserted; an expired one is taken over as if it were new. A key that another
 * transaction is inserting makes this statement wait for that transaction to end: then it
 * inserts (the other rolled back) or finds the other's row (it committed).
 */
const CLAIM = `
  INSERT INTO idempotency_key AS used (tenant_id, key, fingerprint, created_at)
  VALUES ($1, $2, $3, now())
  ON CONFLICT (tenant_id, key) DO UPDATE
    SET fingerprint = excluded.fingerprint, created_at = excluded.created_at,
      response_status = NULL, response_headers = NULL, response_body = NULL
    WHERE used.created_at < now() - make_interval(hours => $4)
  RETURNING 1`;

const FIND = `SELECT fingerprint, response_status, response_headers, response_body
  FROM idempotency_key WHERE tenant_id = $1 AND key = $2`;

const COMPLETE = `UPDATE idempotency_key
  SET response_status = $3, response_headers = $4, response_body = $5
  WHERE tenant_id = $1 AND key = $2`;

const FORGET_EXPIRED = `DELETE FROM idempotency_key
  WHERE created_at < now() - make_interval(hours => $1)`;

/** Expired keys are deleted at most this often by each replica. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Idempotency keys in PostgreSQL, shared by every replica. Claiming and completing a key run
 * in the caller's transaction, together with the creation, so a key is never bound to a
 * creation that did not commit.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger(IdempotencyStore.name);
  private sweptAt = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Claims the key for this request; when an earlier request holds it, returns that one. */
  async claim(manager: EntityManager, claim: KeyClaim): Promise<UsedKey | 'claimed' | 'vanished'> {
    const { tenantId, key, fingerprint, retentionHours } = claim;
    const claimed = await manager.query<unknown[]>(CLAIM, [
      tenantId,
      key,
      fingerprint,
      retentionHours,
    ]);
    this.forgetExpiredNow(retentionHours);
    if (claimed.length === 1) return 'claimed';

    const [row] = await manager.query<UsedKeyRow[]>(FIND, [tenantId, key]);
    return row === undefined ? 'vanished' : usedKeyOf(row);
  }

  /** Records the response of the creation that claimed the key. */
  async complete(manager: EntityManager, claim: KeyClaim, response: StoredResponse): Promise<void> {
    await manager.query(COMPLETE, [
      claim.tenantId,
      claim.key,
      response.status,
      JSON.stringify(response.headers),
      response.body,
    ]);
  }

  /** Deletes expired keys in the background, at most once per interval, off the request path. */
  private forgetExpiredNow(retentionHours: number): void {
    const now = Date.now();
    if (now - this.sweptAt < SWEEP_INTERVAL_MS) return;

    this.sweptAt = now;
    this.dataSource.query(FORGET_EXPIRED, [retentionHours]).catch((error: unknown) => {
      this.logger.warn({
        msg: 'Could not delete expired idempotency keys',
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }
}

function usedKeyOf(row: UsedKeyRow): UsedKey {
  return {
    fingerprint: row.fingerprint,
    response: {
      status: row.response_status,
      headers: row.response_headers,
      body: row.response_body,
    },
  };
}

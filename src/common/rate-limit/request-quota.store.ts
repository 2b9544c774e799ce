import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';

/** How far one bucket has got in the current window. */
export interface BucketCount {
  readonly bucket: string;
  readonly count: number;
  /** Whole seconds until the window ends and the count starts again. */
  readonly secondsLeft: number;
}

interface SharedRow {
  readonly bucket: string;
  readonly count: number;
  readonly window_start: Date;
}

const WINDOW_MILLIS = 60_000;

/** The window every count belongs to: the minute, by the database's clock, so replicas agree. */
const CURRENT_WINDOW = "date_bin('1 minute', now(), timestamptz 'epoch')";

/*
 * Adds this replica's new counts and reads back everyone's, in one statement. Buckets come
 * sorted, so two replicas lock their rows in the same order and cannot deadlock.
 */
const SHARE_COUNTS = `
  INSERT INTO request_quota AS quota (bucket, window_start, count)
  SELECT given.bucket, ${CURRENT_WINDOW}, given.added
  FROM unnest($1::text[], $2::int[]) AS given (bucket, added)
  ORDER BY given.bucket
  ON CONFLICT (bucket, window_start) DO UPDATE SET count = quota.count + excluded.count
  RETURNING quota.bucket, quota.count, quota.window_start`;

const FORGET_PAST_WINDOWS = `DELETE FROM request_quota WHERE window_start < ${CURRENT_WINDOW}`;

/**
 * Fixed-window request counters shared by every replica. A request is counted in memory, so
 * counting costs nothing on the request's path; every sync interval the replica adds its new
 * counts to PostgreSQL and reads back the totals of every bucket it has seen. A replica
 * therefore sees the others' requests at most one interval late, and its own at once.
 */
@Injectable()
export class RequestQuotaStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RequestQuotaStore.name);
  private windowStart = currentLocalWindow();
  /** Every replica's count at the last sync, in the current window. */
  private readonly shared = new Map<string, number>();
  /** This replica's requests since the last sync. */
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private sharing: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.share(), this.config.rateLimitSyncMillis);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.share();
  }

  /** Counts one request against each bucket and returns the counts as this replica knows them. */
  count(buckets: readonly string[]): BucketCount[] {
    this.startNewWindowWhenDue();
    const secondsLeft = Math.max(
      1,
      Math.ceil((this.windowStart + WINDOW_MILLIS - Date.now()) / 1000),
    );

    return buckets.map((bucket) => {
      const mine = (this.pending.get(bucket) ?? 0) + 1;
      this.pending.set(bucket, mine);
      return { bucket, count: (this.shared.get(bucket) ?? 0) + mine, secondsLeft };
    });
  }

  /** Adds the pending counts to the shared ones and learns the others' totals. */
  share(): Promise<void> {
    this.sharing ??= this.shareOnce().finally(() => (this.sharing = undefined));
    return this.sharing;
  }

  private async shareOnce(): Promise<void> {
    const buckets = [...new Set([...this.shared.keys(), ...this.pending.keys()])];
    if (buckets.length === 0) return;

    const added = buckets.map((bucket) => this.pending.get(bucket) ?? 0);
    try {
      const rows = await this.dataSource.query<SharedRow[]>(SHARE_COUNTS, [buckets, added]);
      this.settle(buckets, added, rows);
      this.reportRecovery();
    } catch (error) {
      this.reportFailure(error);
    }
  }

  /** Moves what was shared out of `pending`; requests counted meanwhile stay pending. */
  private settle(buckets: string[], added: number[], rows: SharedRow[]): void {
    buckets.forEach((bucket, index) => {
      const left = (this.pending.get(bucket) ?? 0) - added[index];
      if (left > 0) this.pending.set(bucket, left);
      else this.pending.delete(bucket);
    });

    // Requests counted while the query ran are already in the new window, so they stay pending.
    const window = rows[0]?.window_start.getTime() ?? this.windowStart;
    if (window > this.windowStart) this.beginWindow(window, { keepPending: true });
    for (const row of rows) this.shared.set(row.bucket, row.count);
  }

  private startNewWindowWhenDue(): void {
    const local = currentLocalWindow();
    if (local > this.windowStart) this.beginWindow(local, { keepPending: false });
  }

  /** A new minute: counts start again here, and past windows are deleted off the request path. */
  private beginWindow(start: number, { keepPending }: { keepPending: boolean }): void {
    this.windowStart = start;
    this.shared.clear();
    if (!keepPending) this.pending.clear();

    this.dataSource.query(FORGET_PAST_WINDOWS).catch((error: unknown) => {
      this.logger.warn({
        msg: 'Could not delete past rate limit windows',
        error: messageOf(error),
      });
    });
  }

  private reportFailure(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({
      msg: 'Could not share rate limit counts; limiting on this replica alone until it can',
      error: messageOf(error),
    });
  }

  private reportRecovery(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log({ msg: 'Sharing rate limit counts again' });
  }
}

function currentLocalWindow(): number {
  return Math.floor(Date.now() / WINDOW_MILLIS) * WINDOW_MILLIS;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

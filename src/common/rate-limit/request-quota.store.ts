import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How far one bucket has got in the current window. */
export interface BucketCount {
  readonly bucket: string;
  readonly count: number;
  /** Whole seconds until the window ends and the count starts again. */
  readonly secondsLeft: number;
}

interface CountRow {
  readonly bucket: string;
  readonly count: number;
  readonly seconds_left: number;
  readonly window_start: Date;
}

/** The window every count belongs to: the minute, by the database's clock, so replicas agree. */
const CURRENT_WINDOW = "date_bin('1 minute', now(), timestamptz 'epoch')";

/*
 * Buckets are inserted in the order given, so two requests that share a bucket lock their rows
 * in the same order and cannot deadlock. The database's clock also gives the seconds left.
 */
const COUNT_REQUEST = `
  INSERT INTO request_quota AS quota (bucket, window_start, count)
  SELECT given.bucket, ${CURRENT_WINDOW}, 1
  FROM unnest($1::text[]) WITH ORDINALITY AS given (bucket, position)
  ORDER BY given.position
  ON CONFLICT (bucket, window_start) DO UPDATE SET count = quota.count + 1
  RETURNING quota.bucket, quota.count, quota.window_start,
    ceil(extract(epoch FROM quota.window_start + interval '1 minute' - now()))::int AS seconds_left
`;

const FORGET_PAST_WINDOWS = `DELETE FROM request_quota WHERE window_start < ${CURRENT_WINDOW}`;

/**
 * Fixed-window request counters in PostgreSQL, shared by every replica. Counting a request is
 * one statement for all its buckets. Past windows are deleted once per window by each replica,
 * off the request's path, so the table holds little more than the current window's buckets.
 */
@Injectable()
export class RequestQuotaStore {
  private readonly logger = new Logger(RequestQuotaStore.name);
  private sweptWindow = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Counts one request against each bucket and returns the new counts. */
  async count(buckets: readonly string[]): Promise<BucketCount[]> {
    const rows = await this.dataSource.query<CountRow[]>(COUNT_REQUEST, [buckets]);

    this.forgetPastWindowsOnce(rows[0]?.window_start);
    return rows.map((row) => ({
      bucket: row.bucket,
      count: row.count,
      secondsLeft: row.seconds_left,
    }));
  }

  private forgetPastWindowsOnce(window: Date | undefined): void {
    const started = window?.getTime() ?? 0;
    if (started <= this.sweptWindow) return;

    this.sweptWindow = started;
    this.dataSource.query(FORGET_PAST_WINDOWS).catch((error: unknown) => {
      this.logger.warn({
        msg: 'Could not delete past rate limit windows',
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }
}

import { formatLogPosition } from '@photofeed/event-store';
import type { Pool } from 'pg';

/**
 * The log's numbers for `events stats`, straight from the `events` table: one pass over the table
 * for every count (all time and the windows ride the same scan as FILTERs: all-time counts by
 * type need the whole table anyway, and no index helps them), and one backward probe of the
 * primary key for the head.
 */

export interface TypeCounts {
  type: string;
  total: number;
  /** Within the --since window. */
  recent: number;
}

export interface LogStats {
  /** The database's clock when the counts were taken (recorded_at is on the same clock). */
  measuredAt: Date;
  total: number;
  /** Newest event readers can see (below the read horizon); null when the log is empty. */
  head: { position: string; recordedAt: Date } | null;
  oldestRecordedAt: Date | null;
  newestRecordedAt: Date | null;
  windowSeconds: number;
  recent: number;
  lastMinute: number;
  lastHour: number;
  /** Most frequent first. */
  types: TypeCounts[];
}

const COUNTS = `
SELECT type,
       count(*) AS total,
       count(*) FILTER (WHERE recorded_at >= now() - make_interval(secs => $1)) AS recent,
       count(*) FILTER (WHERE recorded_at >= now() - interval '1 minute') AS last_minute,
       count(*) FILTER (WHERE recorded_at >= now() - interval '1 hour') AS last_hour,
       min(recorded_at) AS oldest,
       max(recorded_at) AS newest
  FROM events
 GROUP BY type`;

interface CountsRow {
  type: string;
  total: string;
  recent: string;
  last_minute: string;
  last_hour: string;
  oldest: Date;
  newest: Date;
}

const HEAD = `
SELECT transaction_id::text AS tx, global_position::text AS seq, recorded_at
  FROM events
 WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
 ORDER BY transaction_id DESC, global_position DESC
 LIMIT 1`;

export async function readLogStats(pool: Pool, windowSeconds: number): Promise<LogStats> {
  const [counts, head, clock] = await Promise.all([
    pool.query<CountsRow>(COUNTS, [windowSeconds]),
    pool.query<{ tx: string; seq: string; recorded_at: Date }>(HEAD),
    pool.query<{ now: Date }>('SELECT now()'),
  ]);
  const rows = counts.rows;
  const sum = (pick: (r: CountsRow) => string) => rows.reduce((n, r) => n + Number(pick(r)), 0);
  const earliest = (dates: Date[]) =>
    dates.length ? new Date(Math.min(...dates.map(Number))) : null;
  const latest = (dates: Date[]) =>
    dates.length ? new Date(Math.max(...dates.map(Number))) : null;
  const h = head.rows[0];
  return {
    measuredAt: clock.rows[0].now,
    total: sum((r) => r.total),
    head: h
      ? {
          position: formatLogPosition({ tx: BigInt(h.tx), seq: BigInt(h.seq) }),
          recordedAt: h.recorded_at,
        }
      : null,
    oldestRecordedAt: earliest(rows.map((r) => r.oldest)),
    newestRecordedAt: latest(rows.map((r) => r.newest)),
    windowSeconds,
    recent: sum((r) => r.recent),
    lastMinute: sum((r) => r.last_minute),
    lastHour: sum((r) => r.last_hour),
    types: rows
      .map((r) => ({ type: r.type, total: Number(r.total), recent: Number(r.recent) }))
      .sort((a, b) => b.total - a.total || a.type.localeCompare(b.type)),
  };
}

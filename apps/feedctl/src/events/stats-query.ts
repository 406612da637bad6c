import { formatLogPosition } from '@photofeed/event-store';
import type { Pool } from 'pg';

/**
 * The log's numbers for `events stats`, straight from the `events` table: one pass over the table
 * for every count (all time and the windows ride the same scan as FILTERs: all-time counts by
 * type need the whole table anyway, and no index helps them), and backward probes of the
 * primary key for the heads.
 */

export interface TypeCounts {
  type: string;
  total: number;
  /** Within the --since window. */
  recent: number;
}

export interface LogPoint {
  position: string;
  recordedAt: Date;
}

export interface LogStats {
  /** The database's clock when the counts were taken (recorded_at is on the same clock). */
  measuredAt: Date;
  total: number;
  /** The newest committed event; null when the log is empty. */
  head: LogPoint | null;
  /**
   * The newest event readers can read now (below the read horizon). Behind `head` while an older
   * transaction, anywhere on the cluster, is still open: `heldBack` events wait above it.
   */
  readableHead: LogPoint | null;
  heldBack: number;
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

// One snapshot for both heads and the count between them (a range scan of the primary key).
const HEADS = `
WITH snap AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
SELECT now() AS now,
       newest.transaction_id::text AS newest_tx, newest.global_position::text AS newest_seq,
       newest.recorded_at AS newest_at,
       readable.transaction_id::text AS readable_tx,
       readable.global_position::text AS readable_seq, readable.recorded_at AS readable_at,
       (SELECT count(*) FROM events w WHERE w.transaction_id >= snap.xmin) AS held_back
  FROM snap
  LEFT JOIN LATERAL (
    SELECT n.transaction_id, n.global_position, n.recorded_at FROM events n
     ORDER BY n.transaction_id DESC, n.global_position DESC LIMIT 1) newest ON true
  LEFT JOIN LATERAL (
    SELECT r.transaction_id, r.global_position, r.recorded_at FROM events r
     WHERE r.transaction_id < snap.xmin
     ORDER BY r.transaction_id DESC, r.global_position DESC LIMIT 1) readable ON true`;

interface HeadsRow {
  now: Date;
  newest_tx: string | null;
  newest_seq: string | null;
  newest_at: Date | null;
  readable_tx: string | null;
  readable_seq: string | null;
  readable_at: Date | null;
  held_back: string;
}

const point = (tx: string | null, seq: string | null, at: Date | null): LogPoint | null =>
  tx === null || seq === null || at === null
    ? null
    : { position: formatLogPosition({ tx: BigInt(tx), seq: BigInt(seq) }), recordedAt: at };

export async function readLogStats(pool: Pool, windowSeconds: number): Promise<LogStats> {
  const [counts, heads] = await Promise.all([
    pool.query<CountsRow>(COUNTS, [windowSeconds]),
    pool.query<HeadsRow>(HEADS),
  ]);
  const rows = counts.rows;
  const h = heads.rows[0];
  const sum = (pick: (r: CountsRow) => string) => rows.reduce((n, r) => n + Number(pick(r)), 0);
  const earliest = (dates: Date[]) =>
    dates.length ? new Date(Math.min(...dates.map(Number))) : null;
  const latest = (dates: Date[]) =>
    dates.length ? new Date(Math.max(...dates.map(Number))) : null;
  return {
    measuredAt: h.now,
    total: sum((r) => r.total),
    head: point(h.newest_tx, h.newest_seq, h.newest_at),
    readableHead: point(h.readable_tx, h.readable_seq, h.readable_at),
    heldBack: Number(h.held_back),
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

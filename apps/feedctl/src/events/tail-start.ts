import { START, type LogPosition } from '@photofeed/event-store';
import type { Pool } from 'pg';
import { categoryPatterns, type Selection } from './selection';

/**
 * Where `events tail` starts reading, found with one indexed query each: a backward scan of the
 * global order (primary key) for "the last N", a probe of (stream_id, stream_revision) for one
 * stream. Only rows below the read horizon count, as for every reader of the log.
 */

/** The position just before `p` in the global order: reading after it starts at `p` itself. */
export function justBefore(p: LogPosition): LogPosition {
  return { tx: p.tx, seq: p.seq - 1n };
}

const NTH_NEWEST = `
WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
SELECT e.transaction_id::text AS tx, e.global_position::text AS seq
  FROM events e, horizon
 WHERE e.transaction_id < horizon.xmin
   AND ($2::text[] IS NULL OR e.type = ANY ($2::text[]))
   AND ($3::text[] IS NULL OR e.stream_id LIKE ANY ($3::text[]))
 ORDER BY e.transaction_id DESC, e.global_position DESC
OFFSET $1 LIMIT 1`;

/** Read after this to get the last `n` (n ≥ 1) events of the selection (all of them if fewer). */
export async function afterLastN(
  pool: Pool,
  selection: Selection,
  n: number,
): Promise<LogPosition> {
  const { rows } = await pool.query<{ tx: string; seq: string }>(NTH_NEWEST, [
    n - 1,
    selection.types?.length ? selection.types : null,
    categoryPatterns(selection.categories),
  ]);
  if (rows.length === 0) return START;
  return justBefore({ tx: BigInt(rows[0].tx), seq: BigInt(rows[0].seq) });
}

const STREAM_NTH_NEWEST = `
SELECT stream_revision::text AS revision FROM events
 WHERE stream_id = $1
   AND ($2::text[] IS NULL OR type = ANY ($2::text[]))
   AND (transaction_id, global_position) <= ($3::text::xid8, $4::bigint)
 ORDER BY stream_revision DESC
OFFSET $5 LIMIT 1`;

/** The first revision to read for the last `n` (n ≥ 1) events of one stream up to `head`. */
export async function streamRevisionOfLastN(
  pool: Pool,
  streamId: string,
  types: readonly string[] | undefined,
  head: LogPosition,
  n: number,
): Promise<bigint> {
  const { rows } = await pool.query<{ revision: string }>(STREAM_NTH_NEWEST, [
    streamId,
    types?.length ? types : null,
    head.tx.toString(),
    head.seq.toString(),
    n - 1,
  ]);
  return rows.length ? BigInt(rows[0].revision) : 0n;
}

const STREAM_FIRST_AT = `
SELECT min(stream_revision)::text AS revision FROM events
 WHERE stream_id = $1 AND (transaction_id, global_position) >= ($2::text::xid8, $3::bigint)`;

/** The stream's first revision at or after `from` in the global order; null when none is yet. */
export async function streamRevisionAt(
  pool: Pool,
  streamId: string,
  from: LogPosition,
): Promise<bigint | null> {
  const { rows } = await pool.query<{ revision: string | null }>(STREAM_FIRST_AT, [
    streamId,
    from.tx.toString(),
    from.seq.toString(),
  ]);
  return rows[0].revision === null ? null : BigInt(rows[0].revision);
}

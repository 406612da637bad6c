import {
  compareLogPositions,
  START,
  type LogPosition,
  type RecordedEvent,
} from '@photofeed/event-store';
import type { Pool } from 'pg';
import { committedIn, parseSnapshot, type LogSnapshot } from './log-snapshot';
import { categoryPatterns, matches, type Selection, type TailStart } from './selection';

/**
 * Where `events tail` starts and which events it prints, fixed by one query (one snapshot) at its
 * start. Events committed by then are "old": printed when in the start range (from a position, or
 * the last N). Every other event is "new", printed live. The rule needs no timing: an event that a
 * transaction still open at the start commits later is new even when it sorts before the start.
 */
export interface TailPlan {
  snapshot: LogSnapshot;
  /** The newest event readable at the start (below the read horizon): live reading goes on there. */
  head: LogPosition;
  /** The newest event committed at the start (readable or held back): --no-follow ends there. */
  newest: LogPosition;
  /** Where reading the global order starts (exclusive): at or before every event to print. */
  after: LogPosition;
  /** One stream: the first revision of its catch-up; null when none of its old events print. */
  streamRevision: bigint | null;
  /** Committed when the tail started. */
  isOld(event: RecordedEvent): boolean;
  /** Whether an event the reader meets is printed. */
  prints(event: RecordedEvent): boolean;
}

/** The position just before `p` in the global order: reading after it starts at `p` itself. */
export function justBefore(p: LogPosition): LogPosition {
  return { tx: p.tx, seq: p.seq - 1n };
}

const minPosition = (a: LogPosition, b: LogPosition) => (compareLogPositions(a, b) <= 0 ? a : b);

// The snapshot, the readable head and the newest committed event: each one backward probe of
// the global order (primary key).
const withSnapshotHeadNewest = (columns: string, joins: string) => `
WITH snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s)
SELECT snap.s::text AS snapshot, head.*, newest.*, ${columns}
  FROM snap
  LEFT JOIN LATERAL (
    SELECT h.transaction_id::text AS head_tx, h.global_position::text AS head_seq FROM events h
     WHERE h.transaction_id < pg_snapshot_xmin(snap.s)
     ORDER BY h.transaction_id DESC, h.global_position DESC LIMIT 1) head ON true
  LEFT JOIN LATERAL (
    SELECT n.transaction_id::text AS newest_tx, n.global_position::text AS newest_seq FROM events n
     ORDER BY n.transaction_id DESC, n.global_position DESC LIMIT 1) newest ON true
  ${joins}`;

/**
 * The whole log: also the Nth newest matching event ($3 = N-1; NULL: not asked), by a backward
 * scan of the primary key that stops at the Nth match. $1 types, $2 category LIKE patterns.
 */
const GLOBAL_PLAN = withSnapshotHeadNewest(
  'nth.*',
  `LEFT JOIN LATERAL (
    SELECT e.transaction_id::text AS nth_tx, e.global_position::text AS nth_seq
      FROM events e
     WHERE ($1::text[] IS NULL OR e.type = ANY ($1::text[]))
       AND ($2::text[] IS NULL OR e.stream_id LIKE ANY ($2::text[]))
     ORDER BY e.transaction_id DESC, e.global_position DESC
    OFFSET $3::bigint LIMIT 1) nth ON $3::bigint IS NOT NULL`,
);

/**
 * One stream ($1), through (stream_id, stream_revision): its Nth newest matching event ($2 types,
 * $3 = N-1 or NULL) and its first revision at or after --from ($4, $5, or NULL).
 */
const STREAM_PLAN = withSnapshotHeadNewest(
  'nth.*, from_rev.*',
  `LEFT JOIN LATERAL (
    SELECT e.transaction_id::text AS nth_tx, e.global_position::text AS nth_seq,
           e.stream_revision::text AS nth_revision
      FROM events e
     WHERE e.stream_id = $1 AND ($2::text[] IS NULL OR e.type = ANY ($2::text[]))
     ORDER BY e.stream_revision DESC
    OFFSET $3::bigint LIMIT 1) nth ON $3::bigint IS NOT NULL
  LEFT JOIN LATERAL (
    SELECT min(f.stream_revision)::text AS from_revision FROM events f
     WHERE f.stream_id = $1
       AND (f.transaction_id, f.global_position) >= ($4::text::xid8, $5::bigint)) from_rev
    ON $4::text IS NOT NULL`,
);

interface PlanRow {
  snapshot: string;
  head_tx: string | null;
  head_seq: string | null;
  newest_tx: string | null;
  newest_seq: string | null;
  nth_tx: string | null;
  nth_seq: string | null;
  /** One stream only. */
  nth_revision?: string | null;
  from_revision?: string | null;
}

const position = (tx: string | null, seq: string | null): LogPosition | null =>
  tx === null || seq === null ? null : { tx: BigInt(tx), seq: BigInt(seq) };

export async function planTail(
  pool: Pool,
  selection: Selection,
  start: TailStart,
  follow: boolean,
): Promise<TailPlan> {
  const last = 'last' in start && start.last > 0 ? start.last : null;
  const from = 'from' in start ? start.from : null;
  const types = selection.types?.length ? selection.types : null;
  const offset = last === null ? null : last - 1;
  const { rows } = await pool.query<PlanRow>(
    selection.streamId === undefined
      ? { text: GLOBAL_PLAN, values: [types, categoryPatterns(selection.categories), offset] }
      : {
          text: STREAM_PLAN,
          values: [selection.streamId, types, offset, from?.tx.toString(), from?.seq.toString()],
        },
  );
  const row = rows[0];
  const snapshot = parseSnapshot(row.snapshot);
  const head = position(row.head_tx, row.head_seq) ?? START;
  const newest = position(row.newest_tx, row.newest_seq) ?? START;
  const old = (e: RecordedEvent) => committedIn(snapshot, e.position.tx);
  // The first old event to print; null: every old event of the selection (fewer than N).
  const nth = position(row.nth_tx, row.nth_seq);

  let inRange: (e: RecordedEvent) => boolean;
  let after: LogPosition;
  let streamRevision: bigint | null;
  if (from) {
    inRange = (e) => compareLogPositions(e.position, from) >= 0;
    after = justBefore(from);
    streamRevision = row.from_revision == null ? null : BigInt(row.from_revision);
  } else if (last === null) {
    inRange = (e) => !old(e); // --last 0: only what comes after the start
    after = head;
    streamRevision = null;
  } else {
    inRange = (e) => !old(e) || nth === null || compareLogPositions(e.position, nth) >= 0;
    // Below the head when the Nth newest is held back, so no new event is ever skipped.
    after = nth === null ? START : minPosition(justBefore(nth), head);
    streamRevision = row.nth_revision == null ? 0n : BigInt(row.nth_revision);
  }
  return {
    snapshot,
    head,
    newest,
    after,
    streamRevision,
    isOld: old,
    prints: (e) => matches(selection, e) && inRange(e) && (follow || old(e)),
  };
}

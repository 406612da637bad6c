/** Queries behind readProjectionStatuses. */

/**
 * Every checkpoint row of the view's database, with its parked count and whether the runner's
 * advisory lock is held right now (pg_locks shows a bigint key as high/low 32-bit halves in
 * classid/objid, objsubid 1). A state of `live` with no lock held is a runner that died.
 */
export const CHECKPOINT_ROWS = `
SELECT c.name, c.version, c.tx::text AS tx, c.seq::text AS seq, c.state, c.held_by,
       c.last_event_at, c.events_per_second, c.updated_at, c.paused, c.last_error,
       c.last_error_at,
       (SELECT count(*)::int FROM projection_parked p
         WHERE p.name = c.name AND p.version = c.version) AS parked,
       ARRAY(SELECT s.holder FROM projection_standbys s
              WHERE s.name = c.name AND s.version = c.version
                AND s.seen_at > now() - interval '15 seconds'
              ORDER BY s.holder) AS standbys,
       EXISTS (
         SELECT 1 FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid::bigint = (k.key >> 32) & 4294967295
            AND l.objid::bigint = k.key & 4294967295) AS lock_held
  FROM projection_checkpoints c
 CROSS JOIN LATERAL (
   SELECT hashtextextended('projection:' || c.name || ':' || c.version, 0) AS key) k
 ORDER BY c.name, c.version`;

/**
 * In the log database: its head (the newest committed event, held back or not), and for each
 * checkpoint the recorded time of the newest event at or before it (the last one the projection
 * applied or skipped; a projection still at the start gets the log's first event).
 */
export const LOG_HEAD = `
SELECT transaction_id::text AS tx, global_position::text AS seq, recorded_at
  FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`;

export const CHECKPOINT_EVENT_TIMES = `
SELECT coalesce(
         (SELECT e.recorded_at FROM events e
           WHERE (e.transaction_id, e.global_position) <= (c.tx::xid8, c.seq)
           ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1),
         (SELECT e.recorded_at FROM events e
           ORDER BY e.transaction_id, e.global_position LIMIT 1)) AS recorded_at
  FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS c(tx, seq, i)
 ORDER BY c.i`;

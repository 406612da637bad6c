/**
 * The adapter's SQL. Reads of the global order only return rows whose writing transaction is
 * older than every transaction still running (pg_snapshot_xmin): such a row can no longer be
 * joined by another below it, so a checkpoint never has to move backwards.
 */

const EVENT_COLUMNS = `e.event_id, e.type, e.schema_version, e.stream_id, e.stream_revision,
  e.transaction_id, e.global_position, e.recorded_at, e.data, e.metadata`;

export const APPEND = `SELECT event_id, stream_id, stream_revision, transaction_id, global_position, duplicate
  FROM append_events($1::text[], $2::bigint[], $3::jsonb)`;

export const STREAM_REVISION = `SELECT coalesce(max(stream_revision), -1) AS revision FROM events WHERE stream_id = $1`;

export const READ_STREAM_FORWARDS = `SELECT ${EVENT_COLUMNS} FROM events e
  WHERE e.stream_id = $1 AND e.stream_revision >= $2 ORDER BY e.stream_revision LIMIT $3`;

export const READ_STREAM_BACKWARDS = `SELECT ${EVENT_COLUMNS} FROM events e
  WHERE e.stream_id = $1 AND e.stream_revision <= $2 ORDER BY e.stream_revision DESC LIMIT $3`;

/**
 * One statement, one snapshot: the visible head (last row below xmin), whether committed rows
 * wait above xmin (held back by an older transaction still open, maybe in another database of the
 * cluster: no NOTIFY will say when it ends), and the next page after ($1, $2). When a filter makes
 * the page short, the head is where the next read may start. Always at least one row.
 * $3 limit, $4 event types or NULL, $5 LIKE patterns of stream categories ('photo-%') or NULL.
 */
export const READ_ALL = `
WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
SELECT head.transaction_id AS head_tx, head.global_position AS head_seq,
       -- The newest committed row's xid, by a backward index probe (EXISTS with >= would scan
       -- the whole table whenever nothing is held back).
       coalesce((SELECT w.transaction_id FROM events w ORDER BY w.transaction_id DESC LIMIT 1)
                >= horizon.xmin, false) AS held_back,
       page.*
  FROM horizon
  LEFT JOIN LATERAL (
    SELECT h.transaction_id, h.global_position FROM events h
     WHERE h.transaction_id < horizon.xmin
     ORDER BY h.transaction_id DESC, h.global_position DESC LIMIT 1) head ON true
  LEFT JOIN LATERAL (
    SELECT ${EVENT_COLUMNS} FROM events e
     WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
       AND e.transaction_id < horizon.xmin
       AND ($4::text[] IS NULL OR e.type = ANY ($4::text[]))
       AND ($5::text[] IS NULL OR e.stream_id LIKE ANY ($5::text[]))
     ORDER BY e.transaction_id, e.global_position
     LIMIT $3) page ON true`;

export const HEAD = `SELECT transaction_id, global_position FROM events
  WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY transaction_id DESC, global_position DESC LIMIT 1`;

export const NOTIFY_CHANNEL = 'photofeed_events';

/**
 * A NOTIFY commits a transaction of its own (notifications carry the sender's xid). It needs no
 * durability, so its commit does not wait for the WAL flush: one round trip, no fsync.
 */
export const NOTIFY = `BEGIN; SET LOCAL synchronous_commit TO off; SELECT pg_notify('${NOTIFY_CHANNEL}', ''); COMMIT;`;

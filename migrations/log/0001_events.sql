-- The event log: the source of truth. One row per event.
--
-- Global order is (transaction_id, global_position), not global_position alone: a sequence value
-- is taken when a row is inserted, not when its transaction commits, so a reader ordering by
-- global_position alone skips an event whose transaction commits late. Readers only read rows
-- whose transaction_id is below the oldest transaction still running (pg_snapshot_xmin), so no
-- row can ever appear behind a checkpoint (see docs/ARCHITECTURE.md, "Reading the global order").
CREATE TABLE events (
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  global_position bigint      GENERATED ALWAYS AS IDENTITY,
  stream_id       text        NOT NULL CHECK (stream_id <> ''),
  stream_revision bigint      NOT NULL CHECK (stream_revision >= 0),
  event_id        uuid        NOT NULL,
  type            text        NOT NULL CHECK (type <> ''),
  schema_version  integer     NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL DEFAULT '{}',
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  -- The global-order index doubles as the primary key: one index fewer to maintain per append.
  CONSTRAINT events_pkey PRIMARY KEY (transaction_id, global_position),
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, stream_revision),
  CONSTRAINT events_event_id_key UNIQUE (event_id)
);

COMMENT ON TABLE events IS 'The event log. Append only through append_events(); read in (transaction_id, global_position) order below pg_snapshot_xmin.';

-- Append events to one or more streams, atomically, with an expected revision per stream.
--
--   p_streams   distinct stream ids
--   p_expected  per stream: n >= 0 exact last revision, -1 any, -2 no stream, -3 stream exists
--   p_events    jsonb array of {s: 1-based index into p_streams, id, type, v, data, meta}
--
-- Errors (nothing written): PF409 wrong expected revision (DETAIL: {"stream","actual"}),
-- PF422 an event id already stored with other content, or only some of the ids stored.
-- When every id is already stored with the same content, returns the stored rows (duplicate = true).
CREATE FUNCTION append_events(p_streams text[], p_expected bigint[], p_events jsonb)
RETURNS TABLE (event_id uuid, stream_id text, stream_revision bigint,
               transaction_id xid8, global_position bigint, duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_key     integer;
  v_revs    bigint[] := '{}';
  v_rev     bigint;
  v_exp     bigint;
  v_count   integer := jsonb_array_length(p_events);
  v_stored  integer;
  v_same    integer;
  v_ids     uuid[];
BEGIN
  -- 1. Lock every stream before this transaction takes an xid (taking a lock does not assign one).
  --    Writers of a stream are then serialized, and each one's xid is assigned after the previous
  --    one committed, so xid order agrees with revision order within every stream. Sorted keys:
  --    no deadlock between multi-stream appends.
  FOR v_key IN SELECT DISTINCT hashtext(s) FROM unnest(p_streams) AS s ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(1936028261, v_key);
  END LOOP;

  -- 2. Idempotency: the same ids again with the same content return the original result.
  --    Hot path: one probe of the unique index. The comparison runs only when an id is found.
  v_ids := ARRAY(SELECT (x ->> 'id')::uuid FROM jsonb_array_elements(p_events) AS x);
  IF EXISTS (SELECT 1 FROM events e WHERE e.event_id = ANY (v_ids)) THEN
    SELECT count(*), count(*) FILTER (
             WHERE e.stream_id = p_streams[x.s] AND e.type = x.type
               AND e.schema_version = coalesce(x.v, 1) AND e.data = x.data)
      INTO v_stored, v_same
      FROM jsonb_to_recordset(p_events) AS x(s integer, id uuid, type text, v integer, data jsonb)
      JOIN events e ON e.event_id = x.id;
    IF v_stored = v_count AND v_same = v_count THEN
      RETURN QUERY
        SELECT e.event_id, e.stream_id, e.stream_revision, e.transaction_id, e.global_position, true
          FROM ROWS FROM (jsonb_to_recordset(p_events) AS (id uuid)) WITH ORDINALITY AS x(id, ord)
          JOIN events e ON e.event_id = x.id
         ORDER BY x.ord;
      RETURN;
    END IF;
    RAISE EXCEPTION 'event ids already stored with other content'
      USING ERRCODE = 'PF422',
            DETAIL = CASE WHEN v_stored < v_count THEN 'only some of the event ids are stored'
                          ELSE 'same id, different stream, type, version or data' END;
  END IF;

  -- 3. Expected revisions, read under the locks.
  FOR i IN 1 .. array_length(p_streams, 1) LOOP
    SELECT coalesce(max(e.stream_revision), -1) INTO v_rev FROM events e WHERE e.stream_id = p_streams[i];
    v_exp := p_expected[i];
    IF (v_exp = -2 AND v_rev <> -1) OR (v_exp = -3 AND v_rev = -1) OR (v_exp >= 0 AND v_rev <> v_exp) THEN
      RAISE EXCEPTION 'wrong expected revision'
        USING ERRCODE = 'PF409',
              DETAIL = json_build_object('stream', p_streams[i], 'actual', v_rev)::text;
    END IF;
    v_revs := v_revs || v_rev;
  END LOOP;

  -- 4. Insert in the given order: positions rise with it, revisions count on per stream.
  RETURN QUERY
    INSERT INTO events AS e (stream_id, stream_revision, event_id, type, schema_version, data, metadata)
    SELECT p_streams[x.s],
           v_revs[x.s] + row_number() OVER (PARTITION BY x.s ORDER BY x.ord),
           x.id, x.type, coalesce(x.v, 1), x.data, coalesce(x.meta, '{}')
      FROM ROWS FROM (jsonb_to_recordset(p_events)
             AS (s integer, id uuid, type text, v integer, data jsonb, meta jsonb))
           WITH ORDINALITY AS x(s, id, type, v, data, meta, ord)
     ORDER BY x.ord
    RETURNING e.event_id, e.stream_id, e.stream_revision, e.transaction_id, e.global_position, false;
END
$$;

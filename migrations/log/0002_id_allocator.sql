-- Id allocation for Instagram-style 64-bit ids (libs/ids/src/codec.ts has the bit layout):
-- | 41 bits ms since 2026-01-01T00:00:00Z | 13 bits logical shard | 10 bits sequence |.
--
-- Why the database allocates, not each app process:
-- * Uniqueness across processes needs one authority per shard. A per-process clock + counter would
--   need a unique worker id per process, and two processes with skewed clocks would interleave
--   out of time order. Here every process asks one place, under one row lock, with one clock.
-- * The row remembers the last (ms, sequence) handed out, and the next one is always strictly
--   greater: max(now, last) decides the millisecond. So if the database clock steps back (NTP,
--   failover to a host whose clock is behind), allocation carries on from the remembered ms instead
--   of reissuing ids. Ids stay unique and ordered per shard; their time may run a little ahead of
--   the clock until it catches up.
-- * When a millisecond's 1024 sequences are used up, the next millisecond is borrowed rather than
--   waiting for the clock: never blocks, and under sustained overload (> ~1M ids/s on one shard)
--   ids drift ahead of real time, which is harmless for ordering and bounded by the load.
--
-- Caveats, on purpose:
-- * Call allocate_ids in its own short transaction (autocommit). The row lock is held until the
--   caller's transaction ends, so calling it inside a long business transaction would serialize
--   every allocation on that shard behind it.
-- * The table must stay LOGGED and be kept with the data: an UNLOGGED table is emptied after a
--   crash, and a lost row restarts its shard at the clock, which reissues ids if they had borrowed
--   ms ahead of it (or if the clock went back). Moving a logical shard to another database means
--   moving its id_allocator row with it.
-- * Only 63 bits are usable (Postgres bigint is signed), so ms is capped at 2^40 - 1: allocation
--   fails loudly from 2060-11-03T19:53:47.776Z instead of issuing negative ids.

-- One row per logical shard that has ever allocated; at most 8192 tiny rows. Updates never touch
-- an indexed column, so they are HOT; fillfactor leaves room on each page for the new versions.
CREATE TABLE id_allocator (
  shard    integer NOT NULL CHECK (shard BETWEEN 0 AND 8191),
  last_ms  bigint  NOT NULL CHECK (last_ms >= 0),
  last_seq integer NOT NULL CHECK (last_seq BETWEEN 0 AND 1023),
  CONSTRAINT id_allocator_pkey PRIMARY KEY (shard)
) WITH (fillfactor = 50);

COMMENT ON TABLE id_allocator IS 'Last (ms since 2026-01-01, sequence) handed out per logical shard. Written only by allocate_ids(); never delete rows.';

-- Reserves p_count consecutive sequences of one millisecond of shard p_shard. The ids are
-- (ms << 23) | (p_shard << 10) | (first_seq + i) for i in 0 .. p_count - 1; the caller composes them.
--
-- Errors (nothing reserved): 22023 shard not in 0..8191 or count not in 1..1024,
-- 22008 the database clock is before the id epoch, 22003 the 63-bit id space is used up.
CREATE FUNCTION allocate_ids(p_shard integer, p_count integer)
RETURNS TABLE (ms bigint, first_seq integer)
LANGUAGE plpgsql AS $$
DECLARE
  -- clock_timestamp(), not now(): now() is frozen at the start of the transaction.
  v_now_ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint - 1767225600000;
BEGIN
  IF p_shard IS NULL OR p_shard NOT BETWEEN 0 AND 8191 THEN
    RAISE EXCEPTION 'allocate_ids: shard must be in 0..8191, got %', coalesce(p_shard::text, 'NULL')
      USING ERRCODE = '22023';
  END IF;
  IF p_count IS NULL OR p_count NOT BETWEEN 1 AND 1024 THEN
    RAISE EXCEPTION 'allocate_ids: count must be in 1..1024 (one millisecond of one shard), got %',
      coalesce(p_count::text, 'NULL')
      USING ERRCODE = '22023';
  END IF;
  IF v_now_ms < 0 THEN
    RAISE EXCEPTION 'allocate_ids: database clock % is before the id epoch 2026-01-01T00:00:00Z', clock_timestamp()
      USING ERRCODE = '22008';
  END IF;

  -- One statement, so the decision is made on the row's latest committed version under its row
  -- lock: ON CONFLICT DO UPDATE waits for a concurrent allocator of the same shard to commit and
  -- then re-reads the row (even in READ COMMITTED). Concurrent first inserts of a shard also
  -- serialize on the primary key. v_now_ms may have been read before the wait; that only makes it
  -- older, and an older clock falls into the "continue from last_ms" branches, which stay unique.
  INSERT INTO id_allocator AS a (shard, last_ms, last_seq)
  VALUES (p_shard, v_now_ms, p_count - 1)
  ON CONFLICT (shard) DO UPDATE SET
    last_ms  = CASE WHEN v_now_ms > a.last_ms          THEN v_now_ms      -- a new millisecond
                    WHEN a.last_seq + p_count <= 1023  THEN a.last_ms     -- room left in this one
                    ELSE a.last_ms + 1 END,                               -- full: borrow the next
    last_seq = CASE WHEN v_now_ms > a.last_ms          THEN p_count - 1
                    WHEN a.last_seq + p_count <= 1023  THEN a.last_seq + p_count
                    ELSE p_count - 1 END
  RETURNING a.last_ms, a.last_seq - p_count + 1 INTO ms, first_seq;

  -- Raising aborts the transaction, so the out-of-range row is never committed.
  IF ms > 1099511627775 THEN
    RAISE EXCEPTION 'allocate_ids: id space exhausted for shard % (ms % exceeds 2^40 - 1; ids must fit a signed bigint)',
      p_shard, ms
      USING ERRCODE = '22003';
  END IF;
  RETURN NEXT;
END
$$;

-- What each projection's active runner last reported, for operators (readProjectionStatuses).
--
-- Columns on projection_checkpoints rather than a table of their own: the runner already updates
-- this row once per batch, inside the view's transaction, so the status rides on that same UPDATE
-- (no extra round trip, no second row lock, nothing to keep in step). None of these columns is
-- indexed, so the update stays HOT. One row per (name, version) per database, as the checkpoint.
--
-- state:             catching-up / live / stopped. Only the lock holder writes it; a runner killed
--                    outright leaves its last state behind, so readers also check the advisory
--                    lock (pg_locks) to tell a live holder from a dead one.
-- held_by:           host:pid of the runner that last held the projection.
-- last_event_at:     recorded time of the last event the runner applied.
-- events_per_second: events applied per second over the runner's recent window (~10 s before
--                    updated_at).
ALTER TABLE projection_checkpoints
  ADD COLUMN IF NOT EXISTS state text NOT NULL DEFAULT 'stopped'
    CONSTRAINT projection_checkpoints_state CHECK (state IN ('catching-up', 'live', 'stopped')),
  ADD COLUMN IF NOT EXISTS held_by text,
  ADD COLUMN IF NOT EXISTS last_event_at timestamptz,
  ADD COLUMN IF NOT EXISTS events_per_second real NOT NULL DEFAULT 0;

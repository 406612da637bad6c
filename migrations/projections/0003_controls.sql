-- Operator controls and what a runner reports beyond its checkpoint (feedctl, libs/projections).
--
-- paused:        set by an operator (feedctl pause); the lock holder stops after its batch, keeps
--                the lock (so no standby takes over) and reports state 'paused' until cleared.
-- last_error:    the last failure that made the holder start again from its checkpoint (an outage,
--                a lost fence), with its time; cleared by the next checkpoint move. Parked events
--                are not errors of the runner: they are in projection_parked.
ALTER TABLE projection_checkpoints
  ADD COLUMN IF NOT EXISTS paused boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS last_error text,
  ADD COLUMN IF NOT EXISTS last_error_at timestamptz;

ALTER TABLE projection_checkpoints DROP CONSTRAINT IF EXISTS projection_checkpoints_state;
ALTER TABLE projection_checkpoints ADD CONSTRAINT projection_checkpoints_state
  CHECK (state IN ('catching-up', 'live', 'stopped', 'paused'));

-- Runners standing by for a projection another process holds: each refreshes its row while it
-- waits and deletes it when it takes the lock or stops. Rows older than a few poll intervals
-- belong to processes that died.
CREATE TABLE IF NOT EXISTS projection_standbys (
  name    text        NOT NULL,
  version integer     NOT NULL,
  holder  text        NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version, holder)
);

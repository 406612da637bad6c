-- Projection runtime (libs/projections), applied to the log database (Redis views keep their
-- checkpoints there) and to every shard database (each shard view's checkpoint lives beside its
-- rows, so they move in one transaction). IF NOT EXISTS: databases migrated before this file moved
-- here from migrations/log already have these tables.

-- Where each projection (name, version) has read up to, in the log's global order (tx, seq).
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name       text        NOT NULL,
  version    integer     NOT NULL,
  tx         bigint      NOT NULL,
  seq        bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);

-- Events a projection could not handle after its retries: skipped, kept here with the error so an
-- operator can retry or skip them. Inserted in the transaction that moves the checkpoint past them.
CREATE TABLE IF NOT EXISTS projection_parked (
  id        bigserial   PRIMARY KEY,
  name      text        NOT NULL,
  version   integer     NOT NULL,
  event_id  uuid        NOT NULL,
  tx        bigint      NOT NULL,
  seq       bigint      NOT NULL,
  error     text        NOT NULL,
  attempts  integer     NOT NULL,
  parked_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name, version, event_id)
);

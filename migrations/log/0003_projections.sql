-- Projection runtime (libs/projections). Checkpoints live in the database of the view they
-- describe, so a view's rows and its checkpoint move in one transaction; for now that is the log
-- database.

-- Where each projection (name, version) has read up to, in the log's global order (tx, seq).
CREATE TABLE projection_checkpoints (
  name       text        NOT NULL,
  version    integer     NOT NULL,
  tx         bigint      NOT NULL,
  seq        bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);

-- Events a projection could not handle after its retries: skipped, kept here with the error so an
-- operator can retry or skip them. Inserted in the transaction that moves the checkpoint past them.
CREATE TABLE projection_parked (
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

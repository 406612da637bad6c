-- Which version of each view readers use (blue/green rebuilds, feedctl rebuild).
--
-- A view (read-models, home-feed, activity, photo-owners) is kept by one or more projections of
-- the same version. No row means version 1, the version first deployed.
--
-- active:   the version readers read and the projectors keep live.
-- building: a version being filled beside it from the log (feedctl rebuild); readers ignore it.
-- retired:  the version that was active before the last switch, until it is dropped (or kept with
--           --keep-old; then it stays until feedctl drops it).
-- Changing a row NOTIFYs view_versions (after commit, by the writer) so api and projector
-- processes switch at once; they also poll, in case a notification is lost.
CREATE TABLE IF NOT EXISTS view_versions (
  view        text        PRIMARY KEY,
  active      integer     NOT NULL CHECK (active >= 1),
  building    integer     CHECK (building > active),
  retired     integer     CHECK (retired < active),
  switched_at timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

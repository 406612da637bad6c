-- Runs once per shard schema (search_path is set to it). Each row lives on the shard of the id it is
-- keyed by: a photo on its own id's shard (its owner's), a like on the photo's, a follower row on the
-- followee's, a following row on the follower's. Counters are kept by libs/read-models: they move
-- only when a row really was inserted or deleted.

-- A photo, with the owner's shard in its id. Location fields are all null when none was given.
CREATE TABLE photos (
  photo_id   bigint PRIMARY KEY,
  owner_id   bigint NOT NULL,
  caption    text NOT NULL,
  lat        double precision,
  lng        double precision,
  place_name text,
  -- S3 keys: {original, large, medium, small}.
  objects    jsonb NOT NULL,
  width      integer NOT NULL,
  height     integer NOT NULL,
  posted_at  timestamptz NOT NULL,
  like_count integer NOT NULL DEFAULT 0
);
-- "Photos of an owner, newest first": ids are time-sortable.
CREATE INDEX photos_owner_newest ON photos (owner_id, photo_id DESC);

-- Who liked a photo. position = the Liked event's global position: a stable newest-first order
-- and the keyset cursor of the likers list.
CREATE TABLE photo_likes (
  photo_id bigint NOT NULL,
  user_id  bigint NOT NULL,
  liked_at timestamptz NOT NULL,
  position bigint NOT NULL,
  PRIMARY KEY (photo_id, user_id)
);
CREATE INDEX photo_likes_newest ON photo_likes (photo_id, position DESC);

-- Who follows user_id (on the followee's shard).
CREATE TABLE followers (
  user_id     bigint NOT NULL,
  follower_id bigint NOT NULL,
  followed_at timestamptz NOT NULL,
  position    bigint NOT NULL,
  PRIMARY KEY (user_id, follower_id)
);
CREATE INDEX followers_newest ON followers (user_id, position DESC);

-- Whom user_id follows (on the follower's shard).
CREATE TABLE following (
  user_id     bigint NOT NULL,
  followee_id bigint NOT NULL,
  followed_at timestamptz NOT NULL,
  position    bigint NOT NULL,
  PRIMARY KEY (user_id, followee_id)
);
CREATE INDEX following_newest ON following (user_id, position DESC);

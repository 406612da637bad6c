-- Runs once per shard schema (search_path is set to it): unqualified names land in the shard.
-- A user's profile and counters, on the shard of user_id.
CREATE TABLE users (
  user_id bigint PRIMARY KEY,
  username text NOT NULL,
  display_name text NOT NULL,
  bio text NOT NULL DEFAULT '',
  photo_count int NOT NULL DEFAULT 0,
  follower_count int NOT NULL DEFAULT 0,
  following_count int NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Runs once per shard schema (search_path is set to it). apply_batch as 0003 made it (answering
-- nothing), replacing 0004's, which also answered the documents of the rows it changed: measured
-- on a rebuild of 1M events, building them as json cost Postgres more (64 shards) or as much (2048)
-- as the projection's own read-back query, so the projection reads them back with that query.
DROP FUNCTION apply_batch(jsonb);
CREATE FUNCTION apply_batch(b jsonb) RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
SET plan_cache_mode = force_generic_plan
SET enable_hashjoin = off
SET enable_mergejoin = off
SET enable_seqscan = off
AS $$
BEGIN
  IF b ? 'u' THEN
    INSERT INTO users (user_id, username, display_name, bio, updated_at)
    SELECT r.user_id, r.username, r.display_name, r.bio, r.at
      FROM jsonb_to_recordset(b -> 'u')
        AS r(user_id bigint, username text, display_name text, bio text, at timestamptz)
    ON CONFLICT (user_id) DO NOTHING;
  END IF;
  IF b ? 'pc' THEN
    UPDATE users u
       SET display_name = COALESCE(c.display_name, u.display_name),
           bio = COALESCE(c.bio, u.bio), updated_at = c.at
      FROM jsonb_to_recordset(b -> 'pc')
        AS c(user_id bigint, display_name text, bio text, at timestamptz)
     WHERE u.user_id = c.user_id;
  END IF;
  IF b ? 'ph' THEN
    WITH changed AS (
      INSERT INTO photos (photo_id, owner_id, caption, lat, lng, place_name, objects, width, height, posted_at)
      SELECT * FROM jsonb_to_recordset(b -> 'ph')
        AS r(photo_id bigint, owner_id bigint, caption text, lat float8, lng float8,
             place_name text, objects jsonb, width int, height int, posted_at timestamptz)
      ON CONFLICT (photo_id) DO NOTHING RETURNING owner_id AS k)
    UPDATE users c SET photo_count = c.photo_count + d.n
      FROM (SELECT k, count(*)::int AS n FROM changed GROUP BY k) d WHERE c.user_id = d.k;
  END IF;
  IF b ? 'pd' THEN
    WITH changed AS (
      DELETE FROM photos
       WHERE photo_id IN (SELECT jsonb_array_elements_text(b -> 'pd')::bigint)
      RETURNING owner_id AS k)
    UPDATE users c SET photo_count = c.photo_count - d.n
      FROM (SELECT k, count(*)::int AS n FROM changed GROUP BY k) d WHERE c.user_id = d.k;
    DELETE FROM photo_likes
     WHERE photo_id IN (SELECT jsonb_array_elements_text(b -> 'pd')::bigint);
  END IF;

  IF b ? 'lg' THEN
    WITH changed AS (
      DELETE FROM photo_likes t USING jsonb_to_recordset(b -> 'lg') AS o(owner bigint, other bigint)
       WHERE t.photo_id = o.owner AND t.user_id = o.other RETURNING t.photo_id AS k)
    UPDATE photos c SET like_count = c.like_count - d.n
      FROM (SELECT k, count(*)::int AS n FROM changed GROUP BY k) d WHERE c.photo_id = d.k;
  END IF;
  IF b ? 'lp' THEN
    WITH changed AS (
      INSERT INTO photo_likes (photo_id, user_id, liked_at, position)
      SELECT o.owner, o.other, o.at, o.position
        FROM jsonb_to_recordset(b -> 'lp') AS o(owner bigint, other bigint, at timestamptz, position bigint)
       WHERE EXISTS (SELECT 1 FROM photos x WHERE x.photo_id = o.owner)
      ON CONFLICT (photo_id, user_id) DO NOTHING RETURNING photo_id AS k)
    UPDATE photos c SET like_count = c.like_count + d.n
      FROM (SELECT k, count(*)::int AS n FROM changed GROUP BY k) d WHERE c.photo_id = d.k;
  END IF;

  IF b ? 'fg' THEN
    WITH changed AS (
      DELETE FROM followers t USING jsonb_to_recordset(b -> 'fg') AS o(owner bigint, other bigint)
       WHERE t.user_id = o.owner AND t.follower_id = o.other RETURNING t.user_id AS k)
    UPDATE users c SET follower_count = c.follower_count - d.n
      FROM (SELECT k, count(*)::int AS n FROM changed GROUP BY k) d WHERE c.user_id = d.k;
  END IF;
  IF b ? 'fp' THEN
    WITH changed AS (
      INSERT INTO followers (user_id, follower_id, followed_at, position)
      SELECT o.owner, o.other, o.at, o.position
        FROM jsonb_to_recordset(b -> 'fp') AS o(owner bigint, other bigint, at timestamptz, position bigint)
      ON CONFLICT (user_id, follower_id) DO NOTHING RETURNING user_id AS k)
    UPDATE users c SET follower_count = c.follower_count + d.n
      FROM (SELECT k, count(*)::int AS n FROM changed GROUP BY k) d WHERE c.user_id = d.k;
  END IF;

  IF b ? 'gg' THEN
    WITH changed AS (
      DELETE FROM following t USING jsonb_to_recordset(b -> 'gg') AS o(owner bigint, other bigint)
       WHERE t.user_id = o.owner AND t.followee_id = o.other RETURNING t.user_id AS k)
    UPDATE users c SET following_count = c.following_count - d.n
      FROM (SELECT k, count(*)::int AS n FROM changed GROUP BY k) d WHERE c.user_id = d.k;
  END IF;
  IF b ? 'gp' THEN
    WITH changed AS (
      INSERT INTO following (user_id, followee_id, followed_at, position)
      SELECT o.owner, o.other, o.at, o.position
        FROM jsonb_to_recordset(b -> 'gp') AS o(owner bigint, other bigint, at timestamptz, position bigint)
      ON CONFLICT (user_id, followee_id) DO NOTHING RETURNING user_id AS k)
    UPDATE users c SET following_count = c.following_count + d.n
      FROM (SELECT k, count(*)::int AS n FROM changed GROUP BY k) d WHERE c.user_id = d.k;
  END IF;
END
$$;

import { quoteIdent } from '@photofeed/postgres';
import type { RelationOp, SchemaPlan } from './schema-plan';

export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The SQL that applies plans, as few statements as possible: one per phase, each covering many
 * schemas. A phase is a chain of data-modifying CTEs per schema; CTEs of one statement all see the
 * same snapshot, so whatever depends on another phase's rows (a photo's owner registered in the
 * same batch, a like on a photo posted in it) goes in a later statement:
 *
 *   1. users: registrations, profile changes
 *   2. photos: posted, deleted (with their likes), owners' photo_count
 *   3. likes: rows and photos' like_count (a like is inserted only while its photo exists)
 *   4. follows: followers and following rows, follower_count and following_count
 *
 * Within a phase each row is touched once (the plan folded the batch), and every counter moves by
 * the rows a CTE really inserted or deleted (RETURNING), so no event order can make it drift.
 * Schemas never share tables, so putting many in one statement changes nothing but round trips.
 */
export function applyStatements(
  plans: ReadonlyMap<string, SchemaPlan>,
  schemasPerStatement = 64,
): Statement[] {
  const entries = [...plans];
  const statements: Statement[] = [];
  for (const phase of PHASES)
    for (let i = 0; i < entries.length; i += schemasPerStatement) {
      const sql = new CteBuilder();
      entries
        .slice(i, i + schemasPerStatement)
        .forEach(([schema, plan], n) => phase(sql, quoteIdent(schema), `s${n}`, plan));
      const statement = sql.build();
      if (statement) statements.push(statement);
    }
  return statements;
}

/** Collects CTEs and their parameters into one `WITH ... SELECT` statement. */
class CteBuilder {
  private readonly ctes: string[] = [];
  private readonly values: unknown[] = [];

  /** A parameter holding `rows` as a jsonb array (read back with jsonb_to_recordset). */
  json(rows: readonly object[]): string {
    this.values.push(JSON.stringify(rows));
    return `$${this.values.length}::jsonb`;
  }

  ids(ids: readonly string[]): string {
    this.values.push(ids);
    return `$${this.values.length}::bigint[]`;
  }

  cte(name: string, body: string): string {
    this.ctes.push(`${name} AS (${body})`);
    return name;
  }

  build(): Statement | null {
    if (this.ctes.length === 0) return null;
    return { text: `WITH ${this.ctes.join(',\n')}\nSELECT 1`, values: this.values };
  }
}

type Phase = (sql: CteBuilder, schema: string, p: string, plan: SchemaPlan) => void;

const usersPhase: Phase = (sql, s, p, { newUsers, profileChanges }) => {
  if (newUsers.length > 0)
    sql.cte(
      `${p}_registered`,
      `INSERT INTO ${s}.users (user_id, username, display_name, bio, updated_at)
       SELECT user_id, username, display_name, bio, at
         FROM jsonb_to_recordset(${sql.json(newUsers.map((u) => ({ user_id: u.userId, username: u.username, display_name: u.displayName, bio: u.bio, at: u.at })))})
           AS r(user_id bigint, username text, display_name text, bio text, at timestamptz)
       ON CONFLICT (user_id) DO NOTHING`,
    );
  if (profileChanges.length > 0)
    sql.cte(
      `${p}_profiles`,
      `UPDATE ${s}.users u
          SET display_name = COALESCE(c.display_name, u.display_name),
              bio = COALESCE(c.bio, u.bio), updated_at = c.at
         FROM jsonb_to_recordset(${sql.json(profileChanges.map((c) => ({ user_id: c.userId, display_name: c.displayName, bio: c.bio, at: c.at })))})
           AS c(user_id bigint, display_name text, bio text, at timestamptz)
        WHERE u.user_id = c.user_id`,
    );
};

const photosPhase: Phase = (sql, s, p, { newPhotos, deletedPhotos }) => {
  const deltas: string[] = [];
  if (newPhotos.length > 0) {
    const rows = newPhotos.map((ph) => ({
      photo_id: ph.photoId,
      owner_id: ph.ownerId,
      caption: ph.caption,
      lat: ph.location?.lat,
      lng: ph.location?.lng,
      place_name: ph.location?.placeName,
      objects: ph.objects,
      width: ph.width,
      height: ph.height,
      posted_at: ph.postedAt,
    }));
    deltas.push(
      sql.cte(
        `${p}_posted`,
        `INSERT INTO ${s}.photos
           (photo_id, owner_id, caption, lat, lng, place_name, objects, width, height, posted_at)
         SELECT * FROM jsonb_to_recordset(${sql.json(rows)})
           AS r(photo_id bigint, owner_id bigint, caption text, lat float8, lng float8,
                place_name text, objects jsonb, width int, height int, posted_at timestamptz)
         ON CONFLICT (photo_id) DO NOTHING
         RETURNING owner_id, 1 AS delta`,
      ),
    );
  }
  if (deletedPhotos.length > 0) {
    const ids = sql.ids(deletedPhotos.map((d) => d.photoId));
    deltas.push(
      sql.cte(
        `${p}_deleted`,
        `DELETE FROM ${s}.photos WHERE photo_id = ANY(${ids}) RETURNING owner_id, -1 AS delta`,
      ),
    );
    sql.cte(`${p}_deleted_likes`, `DELETE FROM ${s}.photo_likes WHERE photo_id = ANY(${ids})`);
  }
  if (deltas.length > 0)
    sql.cte(
      `${p}_photo_counts`,
      `UPDATE ${s}.users u SET photo_count = u.photo_count + d.delta
         FROM (SELECT owner_id, sum(delta)::int AS delta
                 FROM (${deltas.map((d) => `SELECT owner_id, delta FROM ${d}`).join(' UNION ALL ')}) x
                GROUP BY owner_id) d
        WHERE u.user_id = d.owner_id AND d.delta <> 0`,
    );
};

const likesPhase: Phase = (sql, s, p, { likes }) => {
  if (likes.length === 0) return;
  const delta = relationCtes(sql, s, `${p}_l`, LIKES, likes);
  sql.cte(
    `${p}_like_counts`,
    `UPDATE ${s}.photos ph SET like_count = ph.like_count + d.delta
       FROM (SELECT owner, sum(delta)::int AS delta FROM ${delta} GROUP BY owner) d
      WHERE ph.photo_id = d.owner AND d.delta <> 0`,
  );
};

const followsPhase: Phase = (sql, s, p, { followers, following }) => {
  const parts: string[] = [];
  if (followers.length > 0)
    parts.push(
      `SELECT owner, delta AS followers, 0 AS following FROM ${relationCtes(sql, s, `${p}_fr`, FOLLOWERS, followers)}`,
    );
  if (following.length > 0)
    parts.push(
      `SELECT owner, 0 AS followers, delta AS following FROM ${relationCtes(sql, s, `${p}_fg`, FOLLOWING, following)}`,
    );
  if (parts.length === 0) return;
  sql.cte(
    `${p}_follow_counts`,
    `UPDATE ${s}.users u
        SET follower_count = u.follower_count + d.followers,
            following_count = u.following_count + d.following
       FROM (SELECT owner, sum(followers)::int AS followers, sum(following)::int AS following
               FROM (${parts.join(' UNION ALL ')}) x GROUP BY owner) d
      WHERE u.user_id = d.owner AND (d.followers <> 0 OR d.following <> 0)`,
  );
};

const PHASES: Phase[] = [usersPhase, photosPhase, likesPhase, followsPhase];

interface RelationTable {
  table: string;
  owner: string;
  other: string;
  at: string;
  /** A row may be inserted only while this parent row exists (a like needs its photo). */
  parent?: { table: string; key: string };
}

const LIKES: RelationTable = {
  table: 'photo_likes',
  owner: 'photo_id',
  other: 'user_id',
  at: 'liked_at',
  parent: { table: 'photos', key: 'photo_id' },
};
const FOLLOWERS: RelationTable = {
  table: 'followers',
  owner: 'user_id',
  other: 'follower_id',
  at: 'followed_at',
};
const FOLLOWING: RelationTable = {
  table: 'following',
  owner: 'user_id',
  other: 'followee_id',
  at: 'followed_at',
};

/**
 * Applies relation ops to one table; returns the name of a CTE of `(owner, delta)`: -1 per row
 * really deleted, +1 per row really inserted (a replaced row that existed before counts 0).
 */
function relationCtes(
  sql: CteBuilder,
  s: string,
  p: string,
  t: RelationTable,
  ops: readonly RelationOp[],
): string {
  const rows = ops.map((o) => ({
    owner: o.owner,
    other: o.other,
    op: o.op,
    at: o.at || null,
    position: o.position || null,
  }));
  const input = sql.cte(
    `${p}_ops`,
    `SELECT * FROM jsonb_to_recordset(${sql.json(rows)})
       AS o(owner bigint, other bigint, op text, at timestamptz, position bigint)`,
  );
  const match = `t.${t.owner} = o.owner AND t.${t.other} = o.other`;
  const parentExists = t.parent
    ? `AND EXISTS (SELECT 1 FROM ${s}.${t.parent.table} x WHERE x.${t.parent.key} = o.owner)`
    : '';
  const insert = (op: string, conflict: string) =>
    `INSERT INTO ${s}.${t.table} (${t.owner}, ${t.other}, ${t.at}, position)
     SELECT o.owner, o.other, o.at, o.position FROM ${input} o WHERE o.op = '${op}' ${parentExists}
     ON CONFLICT (${t.owner}, ${t.other}) ${conflict}
     RETURNING ${t.owner} AS owner, ${t.other} AS other`;
  // The snapshot before this statement: which replaced rows already existed.
  const before = sql.cte(
    `${p}_before`,
    `SELECT o.owner, o.other FROM ${input} o JOIN ${s}.${t.table} t ON ${match} WHERE o.op = 'replace'`,
  );
  const removed = sql.cte(
    `${p}_removed`,
    `DELETE FROM ${s}.${t.table} t USING ${input} o WHERE o.op = 'delete' AND ${match}
     RETURNING t.${t.owner} AS owner`,
  );
  const inserted = sql.cte(`${p}_inserted`, insert('insert', 'DO NOTHING'));
  const replaced = sql.cte(
    `${p}_replaced`,
    insert('replace', `DO UPDATE SET ${t.at} = excluded.${t.at}, position = excluded.position`),
  );
  return sql.cte(
    `${p}_delta`,
    `SELECT owner, -1 AS delta FROM ${removed}
     UNION ALL SELECT owner, 1 FROM ${inserted}
     UNION ALL SELECT r.owner, 1 FROM ${replaced} r
       WHERE NOT EXISTS (SELECT 1 FROM ${before} b WHERE b.owner = r.owner AND b.other = r.other)`,
  );
}

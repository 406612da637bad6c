import { quoteIdent } from '@photofeed/postgres';
import type { RelationOp, SchemaPlan } from './schema-plan';

/**
 * The SQL that applies plans: per schema one call of that schema's `apply_batch(jsonb)`
 * (migrations/shard/0003_apply_batch.sql) with the schema's rows, and the calls of many schemas
 * sent as one multi-statement query, so a batch costs one round trip per physical database, not
 * one per event or per schema.
 *
 * Why a function: its statements (a few set-based ones, each covering every row of its kind in
 * the batch) are planned once per session and the plans kept. Sent as text, the same statements
 * were parsed and planned for every schema of every batch: measured, that was most of a rebuild's
 * Postgres time, worse with more shards (fewer rows per schema per batch). The function keeps the
 * statements' order and their counting: users first (a photo's owner, a follow's user may be
 * registered in the same batch), then photos (a like needs its photo), then likes and follows; a
 * counter moves by the rows its statement really inserted or deleted (RETURNING), so no order of
 * events can make it drift; a relation `replace` is its delete then its insert, each counted.
 *
 * Why no parameters: a multi-statement query must use the simple protocol, which has none, so
 * each call carries its rows as one escaped jsonb literal (`escapeLiteral`'s rules); ids travel
 * as JSON strings that Postgres casts to bigint.
 */
export function applyQueries(
  plans: ReadonlyMap<string, SchemaPlan>,
  schemasPerQuery = 256,
): string[] {
  const entries = [...plans];
  const queries: string[] = [];
  for (let i = 0; i < entries.length; i += schemasPerQuery) {
    const calls = entries
      .slice(i, i + schemasPerQuery)
      .flatMap(([schema, plan]) => schemaCall(quoteIdent(schema), plan));
    if (calls.length > 0) queries.push(calls.join(';\n'));
  }
  return queries;
}

/** The argument of one schema's apply_batch: only the kinds of rows the plan has. */
export function batchArgument(plan: SchemaPlan): Record<string, unknown> {
  const arg: Record<string, unknown> = {};
  const put = (key: string, rows: readonly unknown[]) => {
    if (rows.length > 0) arg[key] = rows;
  };
  put(
    'u',
    plan.newUsers.map((u) => ({
      user_id: u.userId,
      username: u.username,
      display_name: u.displayName,
      bio: u.bio,
      at: u.at,
    })),
  );
  put(
    'pc',
    plan.profileChanges.map((c) => ({
      user_id: c.userId,
      display_name: c.displayName,
      bio: c.bio,
      at: c.at,
    })),
  );
  put(
    'ph',
    plan.newPhotos.map((ph) => ({
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
    })),
  );
  put(
    'pd',
    plan.deletedPhotos.map((d) => digits(d.photoId)),
  );
  putRelation(put, 'l', plan.likes);
  putRelation(put, 'f', plan.followers);
  putRelation(put, 'g', plan.following);
  return arg;
}

function schemaCall(schema: string, plan: SchemaPlan): string[] {
  const arg = batchArgument(plan);
  if (Object.keys(arg).length === 0) return [];
  return [`SELECT ${schema}.apply_batch(${literal(JSON.stringify(arg))}::jsonb)`];
}

/** Deletes (ops delete and replace) as `<x>g`, inserts (insert and replace) as `<x>p`. */
function putRelation(
  put: (key: string, rows: readonly unknown[]) => void,
  prefix: string,
  ops: readonly RelationOp[],
): void {
  put(
    `${prefix}g`,
    ops.filter((o) => o.op !== 'insert').map((o) => ({ owner: o.owner, other: o.other })),
  );
  put(
    `${prefix}p`,
    ops
      .filter((o) => o.op !== 'delete')
      .map((o) => ({ owner: o.owner, other: o.other, at: o.at, position: o.position })),
  );
}

/** Ids re-printed from BigInt: only digits reach the SQL (a malformed id throws). */
const digits = (id: string): string => BigInt(id).toString();

/**
 * pg's escapeLiteral, without its character-by-character loop (a batch's literals are megabytes):
 * quotes doubled, and with a backslash in the text, backslashes doubled in an E'' string.
 */
function literal(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

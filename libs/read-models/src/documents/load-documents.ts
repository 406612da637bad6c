import { quoteIdent } from '@photofeed/postgres';
import type { ShardBatch, ShardRouter } from '@photofeed/shards';
import type { QueryResult, QueryResultRow } from 'pg';
import {
  PHOTO_COLUMNS,
  photoDocument,
  USER_COLUMNS,
  userDocument,
  type PhotoDocument,
  type PhotoRow,
  type UserDocument,
  type UserRow,
} from './documents';

/** A pool or a client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * Rows of several schemas of one database in one round trip: a `WHERE id = ANY($n)` per schema,
 * glued with UNION ALL. Ids that have no row are simply not returned.
 */
async function selectFromSchemas<R extends QueryResultRow>(
  db: Queryable,
  shards: readonly ShardBatch[],
  select: (schema: string, param: string) => string,
): Promise<R[]> {
  const parts = shards.filter((s) => s.ids.length > 0);
  if (parts.length === 0) return [];
  const text = parts
    .map((s, i) => `(${select(quoteIdent(s.schema), `$${i + 1}::bigint[]`)})`)
    .join(' UNION ALL ');
  const values = parts.map((s) => s.ids.map(String));
  return (await db.query<R>(text, values)).rows;
}

export async function selectUserDocuments(
  db: Queryable,
  shards: readonly ShardBatch[],
): Promise<UserDocument[]> {
  const rows = await selectFromSchemas<UserRow>(
    db,
    shards,
    (s, ids) => `SELECT ${USER_COLUMNS} FROM ${s}.users WHERE user_id = ANY(${ids})`,
  );
  return rows.map(userDocument);
}

export async function selectPhotoDocuments(
  db: Queryable,
  shards: readonly ShardBatch[],
): Promise<PhotoDocument[]> {
  const rows = await selectFromSchemas<PhotoRow>(
    db,
    shards,
    (s, ids) => `SELECT ${PHOTO_COLUMNS} FROM ${s}.photos WHERE photo_id = ANY(${ids})`,
  );
  return rows.map(photoDocument);
}

/** Reads documents straight from the shards: one query per database, databases in parallel. */
export async function loadDocuments<D>(
  router: ShardRouter,
  ids: readonly bigint[],
  select: (db: Queryable, shards: readonly ShardBatch[]) => Promise<D[]>,
): Promise<D[]> {
  if (ids.length === 0) return [];
  const perDatabase = await Promise.all(
    router.groupByShardDatabase(ids).map((batch) => select(batch.pool, batch.shards)),
  );
  return perDatabase.flat();
}

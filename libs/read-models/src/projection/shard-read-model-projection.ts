import type { RecordedEvent } from '@photofeed/event-store';
import type { AfterCommit, PostgresProjection } from '@photofeed/projections';
import type { ShardMap, ShardRouter } from '@photofeed/shards';
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { DocumentCache } from '../documents/document-cache';
import {
  photoDocument,
  userDocument,
  type PhotoDocument,
  type PhotoRow,
  type UserDocument,
  type UserRow,
} from '../documents/documents';
import { applyQueries } from './apply-sql';
import { READ_MODEL_EVENT_TYPES } from './changes';
import { planDatabaseBatch, touchedDocuments } from './schema-plan';

export interface ShardReadModelOptions {
  /** Kept right by write-through after each batch commits. */
  cache?: DocumentCache;
  /** How many schemas' statements go in one round trip (default 256). */
  schemasPerQuery?: number;
  /** The view's version (default 1): its rows live in that version's schemas (readModelRouter). */
  version?: number;
  /** Before each projection's name: a scratch copy (verify) runs under names of its own. */
  namePrefix?: string;
  /** The schemas written (default: the version's, readModelSchemaSet): a scratch copy's own. */
  schemaSet?: string;
}

export interface ShardReadModelProjection {
  databaseIndex: number;
  /** The database the view lives in: run the projection with this pool (rows and checkpoint). */
  pool: Pool;
  projection: PostgresProjection;
}

export const SHARD_READ_MODEL_VERSION = 1;

/** The projection's name for one physical database. */
export const shardReadModelName = (databaseIndex: number, namePrefix = ''): string =>
  `${namePrefix}read-models-db${databaseIndex}`;

/**
 * The schema set holding a version's rows: version 1 in `shard_0042` (as first deployed), version
 * n in `shard_0042_vn`. Readers and the projection of a version both route through this.
 */
export const readModelSchemaSet = (version: number): string => (version === 1 ? '' : `v${version}`);

/** `shards` naming the schemas of `version` (same pools). */
export const readModelRouter = (shards: ShardRouter, version: number): ShardRouter =>
  shards.withSchemaSet(readModelSchemaSet(version));

/**
 * Users, photos, likes and follows in the shard schemas: one projection per physical database,
 * each applying only the parts of events that land on its own shards, with its checkpoint in that
 * database, so rows and checkpoint commit together. Databases then rebuild and fail independently.
 */
export function shardReadModelProjections(
  shards: ShardRouter,
  options: ShardReadModelOptions = {},
): ShardReadModelProjection[] {
  const version = options.version ?? SHARD_READ_MODEL_VERSION;
  const map = shards.map.withSchemaSet(options.schemaSet ?? readModelSchemaSet(version));
  return shards.map.databases.map((_url, databaseIndex) => ({
    databaseIndex,
    pool: shards.databasePool(databaseIndex),
    projection: new ShardReadModels(map, databaseIndex, version, options),
  }));
}

class ShardReadModels implements PostgresProjection {
  readonly kind = 'postgres';
  readonly name: string;
  readonly filter = { eventTypes: READ_MODEL_EVENT_TYPES };

  constructor(
    private readonly map: ShardMap,
    private readonly databaseIndex: number,
    readonly version: number,
    private readonly options: ShardReadModelOptions,
  ) {
    this.name = shardReadModelName(databaseIndex, options.namePrefix);
  }

  async handle(events: RecordedEvent[], tx: PoolClient): Promise<void | AfterCommit> {
    const plans = planDatabaseBatch(events, this.map, this.databaseIndex);
    if (plans.size === 0) return;
    const cache = this.options.cache;
    const read = new ReadBack();
    for (const query of applyQueries(plans, this.options.schemasPerQuery, cache !== undefined))
      read.add(await tx.query(query));
    if (!cache) return;
    // Read back in the transaction by apply_batch itself: exactly the rows this batch committed.
    const deletedPhotoIds = [...plans.values()].flatMap((p) => touchedDocuments(p).deletedPhotoIds);
    const { users, photos } = read;
    return () => cache.writeThrough({ users, photos, deletedPhotoIds });
  }
}

/** The documents apply_batch answers (one row per call: {u, p} or null), as the cache wants them. */
class ReadBack {
  readonly users: UserDocument[] = [];
  readonly photos: PhotoDocument[] = [];

  /** A multi-statement query answers one result per statement; a single one, just that one. */
  add(results: QueryResult | QueryResult[]): void {
    for (const result of Array.isArray(results) ? results : [results]) {
      const answer = result.rows[0]?.apply_batch as BatchDocuments | null | undefined;
      if (!answer) continue;
      for (const row of answer.u) this.users.push(userDocument(row));
      for (const row of answer.p)
        this.photos.push(photoDocument({ ...row, posted_at: new Date(row.posted_at) }));
    }
  }
}

interface BatchDocuments {
  u: UserRow[];
  /** posted_at is JSON: the timestamp's text. */
  p: (Omit<PhotoRow, 'posted_at'> & { posted_at: string })[];
}

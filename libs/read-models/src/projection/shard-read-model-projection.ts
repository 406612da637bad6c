import type { RecordedEvent } from '@photofeed/event-store';
import type { AfterCommit, PostgresProjection } from '@photofeed/projections';
import type { ShardBatch, ShardMap, ShardRouter } from '@photofeed/shards';
import type { Pool, PoolClient } from 'pg';
import type { DocumentCache } from '../documents/document-cache';
import { selectPhotoDocuments, selectUserDocuments } from '../documents/load-documents';
import { applyQueries } from './apply-sql';
import { READ_MODEL_EVENT_TYPES } from './changes';
import { planDatabaseBatch, touchedDocuments, type SchemaPlan } from './schema-plan';

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
    for (const query of applyQueries(plans, this.options.schemasPerQuery)) await tx.query(query);
    const cache = this.options.cache;
    if (!cache) return;
    // Read back in the transaction: exactly the rows this batch committed.
    const touched = documentBatches(plans);
    const users = await selectUserDocuments(tx, touched.users);
    const photos = await selectPhotoDocuments(tx, touched.photos);
    const deletedPhotoIds = touched.deletedPhotoIds;
    return () => cache.writeThrough({ users, photos, deletedPhotoIds });
  }
}

function documentBatches(plans: ReadonlyMap<string, SchemaPlan>): {
  users: ShardBatch[];
  photos: ShardBatch[];
  deletedPhotoIds: string[];
} {
  const users: ShardBatch[] = [];
  const photos: ShardBatch[] = [];
  const deletedPhotoIds: string[] = [];
  for (const [schema, plan] of plans) {
    const touched = touchedDocuments(plan);
    users.push({ schema, ids: touched.userIds.map(BigInt) });
    photos.push({ schema, ids: touched.photoIds.map(BigInt) });
    deletedPhotoIds.push(...touched.deletedPhotoIds);
  }
  return { users, photos, deletedPhotoIds };
}

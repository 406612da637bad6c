export {
  readModelRouter,
  readModelSchemaSet,
  shardReadModelName,
  shardReadModelProjections,
  SHARD_READ_MODEL_VERSION,
  type ShardReadModelOptions,
  type ShardReadModelProjection,
} from './projection/shard-read-model-projection';
export { READ_MODEL_EVENT_TYPES } from './projection/changes';
export {
  DocumentCache,
  type DocumentCacheOptions,
  type DocumentChanges,
} from './documents/document-cache';
export type { PhotoDocument, UserDocument } from './documents/documents';
export type { CacheLogger } from './documents/memcached-health';
export { createMemcachedClient } from './documents/memcached-pipeline';
export { MAX_PAGE_SIZE, ReadModelQueries, type PageRequest } from './lists/read-model-queries';
export { dropSchemaSet, prepareSchemaSet } from './storage/schema-set-storage';
export { compareSchemaSets, type SchemaSetDifferences } from './storage/compare-schema-sets';

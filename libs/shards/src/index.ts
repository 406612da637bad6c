export {
  DEFAULT_LOGICAL_SHARDS,
  ShardMap,
  ShardMapConfigError,
  shardMapFromEnv,
  type ShardMapConfig,
} from './shard-map';
export { migrateShards, SHARD_MIGRATIONS_DIR, type ShardMigrationResult } from './shard-migrator';
export { ShardRouter, type DatabaseBatch, type ShardBatch, type ShardTarget } from './shard-router';

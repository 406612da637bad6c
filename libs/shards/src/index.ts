export {
  DEFAULT_LOGICAL_SHARDS,
  ShardMap,
  ShardMapConfigError,
  shardMapFromEnv,
  type ShardMapConfig,
} from './shard-map';

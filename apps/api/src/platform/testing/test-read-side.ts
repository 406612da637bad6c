import { migrateShards, ShardMap, ShardRouter } from '@photofeed/shards';
import { createTestShardDatabases, deleteKeysUnder, testKeyPrefix } from '@photofeed/testing';
import Redis from 'ioredis';

/** Logical shards in e2e tests: enough to spread users over both databases, quick to migrate. */
const TEST_SHARD_COUNT = 8;

export interface TestReadSide {
  /** Config overrides for the test app. */
  readonly env: Record<string, string>;
  readonly keyPrefix: string;
  readonly shardDatabaseUrls: readonly string[];
  drop(): Promise<void>;
}

/** Fresh, migrated shard databases and a key prefix of the suite's own (see createTestApp). */
export async function createTestReadSide(): Promise<TestReadSide> {
  const databases = await createTestShardDatabases(2, 'api_reads');
  const router = new ShardRouter(
    new ShardMap({ logicalShards: TEST_SHARD_COUNT, databases: databases.urls }),
    { max: 1 },
  );
  try {
    await migrateShards(router.map, (db) => router.databasePool(db));
  } finally {
    await router.close();
  }
  const keyPrefix = testKeyPrefix('api');
  return {
    keyPrefix,
    shardDatabaseUrls: databases.urls,
    env: {
      SHARD_DATABASE_URLS: databases.urls.join(','),
      SHARD_COUNT: String(TEST_SHARD_COUNT),
      VIEW_KEY_PREFIX: keyPrefix,
      PROJECTOR: 'inline',
      // A loaded CI machine may take a while; a test that waits on positions never waits longer
      // than it has to.
      READ_MAX_WAIT_MS: '15000',
    },
    async drop() {
      await databases.drop();
      await deleteKeys(keyPrefix);
    },
  };
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:56379', {
    lazyConnect: true,
  });
  try {
    await redis.connect();
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

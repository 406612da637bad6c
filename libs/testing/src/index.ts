export { createTestDatabase, ensureTemplateDatabase, type TestDatabase } from './postgres';
export { loadServicesEnv, requireEnv } from './services-env';
export { createTestShardDatabases, type TestShardDatabases } from './shard-databases';
export { testKeyPrefix } from './key-prefix';
export { deleteKeysUnder, keysUnder } from './redis-keys';
export { seededRandom } from '@photofeed/random';

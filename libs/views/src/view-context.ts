import type { ShardRouter } from '@photofeed/shards';
import type Redis from 'ioredis';
import type { Client as Memcached } from 'memjs';
import type { Pool } from 'pg';

/** What every process keeping or reading views agrees on (same variables, same defaults). */
export interface ViewSettings {
  /** Before every key (Redis and memcached): '' in production, a suite's own prefix in tests. */
  keyPrefix: string;
  feed: { capacity: number; celebrityFollowers: number; inactiveAfterMs: number };
}

export interface ViewClients {
  /** The log database: Redis views keep their checkpoints here, and view_versions lives here. */
  logPool: Pool;
  redis: Redis;
  shards: ShardRouter;
  memcached: Memcached;
}

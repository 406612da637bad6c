/**
 * Fresh copies of every view for the rebuild bench: the catalogue's deployments (libs/views'
 * viewDeployments, exactly what the projector runs) under a key prefix of their own, over shard
 * databases of the bench's own (`photofeed_bench_rebuild_shards_<i>`, created empty for each copy
 * and dropped after it), with the chosen share of users marked as active readers.
 */
import { randomBytes } from 'node:crypto';
import { HomeFeedKeys } from '@photofeed/feeds';
import type { ProjectionDeployment } from '@photofeed/projections';
import {
  DocumentCache,
  prepareSchemaSet,
  shardReadModelProjections,
  SHARD_READ_MODEL_VERSION,
} from '@photofeed/read-models';
import { ShardMap, ShardRouter } from '@photofeed/shards';
import { deleteKeysUnder } from '@photofeed/testing';
import { versionPrefix, viewDeployments, type ViewSettings } from '@photofeed/views';
import type Redis from 'ioredis';
import type { Client as Memcached } from 'memjs';
import { Client, type Pool } from 'pg';
import { withDatabase } from './env';

export interface RebuildServices {
  server: string;
  logPool: Pool;
  redis: Redis;
  memcached: Memcached;
}

export interface ViewCopyOptions {
  shards: number;
  databases: number;
  celebrityFollowers: number;
  /** Users who read lately (home feed fan-out goes only to them). */
  activeReaders: readonly string[];
  /**
   * False: the read models without their memcached write-through (what a rebuild of a new version,
   * whose documents nobody reads yet, could do). Default true, as the catalogue deploys them.
   */
  documentCache?: boolean;
}

export interface ViewCopy {
  keyPrefix: string;
  deployments: ProjectionDeployment[];
  router: ShardRouter;
  /** Deletes the copy: its keys, its shard databases, its checkpoints in the log database. */
  drop(): Promise<void>;
}

const INACTIVE_AFTER_MS = 30 * 86_400_000;

/** Every view, empty, ready to be filled from the start of the log. */
export async function freshViewCopy(
  services: RebuildServices,
  label: string,
  options: ViewCopyOptions,
): Promise<ViewCopy> {
  const keyPrefix = `bench:rebuild:${randomBytes(4).toString('hex')}:${label}:`;
  const urls = await freshShardDatabases(services.server, options.databases);
  const router = new ShardRouter(new ShardMap({ logicalShards: options.shards, databases: urls }), {
    max: 10,
  });
  for (let db = 0; db < urls.length; db++) router.databasePool(db).on('error', () => undefined);
  await prepareSchemaSet(router);
  const settings: ViewSettings = {
    keyPrefix,
    feed: {
      capacity: 800,
      celebrityFollowers: options.celebrityFollowers,
      inactiveAfterMs: INACTIVE_AFTER_MS,
    },
  };
  const clients = { ...services, shards: router };
  // As documentCache() builds it, with a short TTL: the bench's documents leave memcached soon.
  const cache = new DocumentCache({
    shards: router,
    memcached: services.memcached,
    keyPrefix: versionPrefix(keyPrefix, { name: 'documents', version: SHARD_READ_MODEL_VERSION }),
    ttlSeconds: 600,
  });
  const deployments = viewDeployments(settings, clients, cache).map((d) =>
    options.documentCache === false ? withoutCache(d, router) : d,
  );
  const names = deployments.map((d) => d.projection.name);
  await dropCheckpoints(services.logPool, names);
  await markActiveReaders(services.redis, keyPrefix, options.activeReaders);
  return {
    keyPrefix,
    deployments,
    router,
    async drop() {
      await deleteKeysUnder(services.redis, keyPrefix);
      await dropCheckpoints(services.logPool, names);
      await router.close();
      await dropDatabases(services.server, urls);
    },
  };
}

/** A read-model deployment replaced by the same projection without a document cache. */
function withoutCache(d: ProjectionDeployment, router: ShardRouter): ProjectionDeployment {
  const bare = shardReadModelProjections(router).find(
    (p) => p.projection.name === d.projection.name,
  );
  return bare ? { projection: bare.projection, pool: bare.pool } : d;
}

const shardDatabaseName = (i: number) => `photofeed_bench_rebuild_shards_${i}`;

async function onServer(server: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function freshShardDatabases(server: string, n: number): Promise<string[]> {
  const urls: string[] = [];
  for (let i = 0; i < n; i++) {
    await onServer(server, `DROP DATABASE IF EXISTS ${shardDatabaseName(i)} WITH (FORCE)`);
    await onServer(server, `CREATE DATABASE ${shardDatabaseName(i)}`);
    urls.push(withDatabase(server, shardDatabaseName(i)));
  }
  return urls;
}

async function dropDatabases(server: string, urls: string[]): Promise<void> {
  for (const url of urls)
    await onServer(
      server,
      `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`,
    );
}

/** The Redis views keep their checkpoints in the log database under fixed names. */
async function dropCheckpoints(logPool: Pool, names: string[]): Promise<void> {
  await logPool.query(
    `WITH parked AS (DELETE FROM projection_parked WHERE name = ANY($1)),
          standbys AS (DELETE FROM projection_standbys WHERE name = ANY($1))
     DELETE FROM projection_checkpoints WHERE name = ANY($1)`,
    [names],
  );
}

/**
 * Last reads are reader state, not in the log: the home feed fans out only to users who read in
 * the last 30 days. The key is the catalogue's (`<prefix>home-feed:last-read`, outside the
 * version, see libs/views).
 */
async function markActiveReaders(
  redis: Redis,
  keyPrefix: string,
  readers: readonly string[],
): Promise<void> {
  const keys = new HomeFeedKeys(
    versionPrefix(keyPrefix, { name: 'home-feed', version: 1 }),
    `${keyPrefix}home-feed:`,
  );
  const now = Date.now();
  for (let i = 0; i < readers.length; i += 1000) {
    const chunk = readers.slice(i, i + 1000);
    await redis.zadd(keys.lastRead, ...chunk.flatMap((u, j) => [now - (i + j) * 1000, u]));
  }
}

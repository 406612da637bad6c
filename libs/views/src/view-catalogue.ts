import { activityProjection, ActivityReader } from '@photofeed/activity';
import { HomeFeedReader, homeFeedProjection, type HomeFeedOptions } from '@photofeed/feeds';
import { PhotoOwnerMap, photoOwnersProjection } from '@photofeed/photo-owners';
import type { ProjectionDeployment, WatchedProjection } from '@photofeed/projections';
import {
  DocumentCache,
  ReadModelQueries,
  shardReadModelName,
  shardReadModelProjections,
  SHARD_READ_MODEL_VERSION,
} from '@photofeed/read-models';
import type { ShardRouter } from '@photofeed/shards';
import type Redis from 'ioredis';
import type { Client as Memcached } from 'memjs';
import type { Pool } from 'pg';

/**
 * Every view the system keeps, in one place: which projections exist, where each runs (pool), and
 * the key prefixes that readers and projections must agree on. The projector, the api's
 * all-in-one mode and the operators' tool all build their views from here.
 */
export interface ViewSettings {
  /** Before every key (Redis and memcached): '' in production, a suite's own prefix in tests. */
  keyPrefix: string;
  feed: { capacity: number; celebrityFollowers: number; inactiveAfterMs: number };
}

export interface ViewClients {
  /** The log database: Redis views keep their checkpoints here. */
  logPool: Pool;
  redis: Redis;
  shards: ShardRouter;
  memcached: Memcached;
}

const HOME_FEED = { name: 'home-feed', version: 1 } as const;
const ACTIVITY = { name: 'activity', version: 1 } as const;
const PHOTO_OWNERS = { name: 'photo-owners', version: 1 } as const;

/** `home-feed:v1:`: a version's keys, so a rebuild can fill v2 beside v1. */
export const versionPrefix = (base: string, view: { name: string; version: number }): string =>
  `${base}${view.name}:v${view.version}:`;

/** State not derived from the log (last-read, last-seen): kept across versions. */
const statePrefix = (base: string, view: { name: string }): string => `${base}${view.name}:`;

function homeFeedOptions(settings: ViewSettings): HomeFeedOptions {
  return {
    keyPrefix: versionPrefix(settings.keyPrefix, HOME_FEED),
    stateKeyPrefix: statePrefix(settings.keyPrefix, HOME_FEED),
    ...settings.feed,
  };
}

export function documentCache(settings: ViewSettings, clients: ViewClients): DocumentCache {
  return new DocumentCache({
    shards: clients.shards,
    memcached: clients.memcached,
    keyPrefix: versionPrefix(settings.keyPrefix, {
      name: 'documents',
      version: SHARD_READ_MODEL_VERSION,
    }),
  });
}

/** Every projection and the database it runs against. */
export function viewDeployments(
  settings: ViewSettings,
  clients: ViewClients,
  cache = documentCache(settings, clients),
): ProjectionDeployment[] {
  const { redis, logPool } = clients;
  return [
    ...shardReadModelProjections(clients.shards, { cache }).map(({ projection, pool }) => ({
      projection,
      pool,
    })),
    { projection: homeFeedProjection(redis, homeFeedOptions(settings)), pool: logPool },
    {
      projection: activityProjection(redis, {
        keyPrefix: versionPrefix(settings.keyPrefix, ACTIVITY),
      }),
      pool: logPool,
    },
    {
      projection: photoOwnersProjection(redis, {
        keyPrefix: versionPrefix(settings.keyPrefix, PHOTO_OWNERS),
      }),
      pool: logPool,
    },
  ];
}

/** The projections each query reads, for read-your-writes, and where their checkpoints live. */
export function watchedViews(clients: ViewClients): {
  watched: WatchedProjection[];
  homeFeed: string[];
  activity: string[];
  models: string[];
} {
  const models = clients.shards.map.databases.map((_url, db) => ({
    name: shardReadModelName(db),
    version: SHARD_READ_MODEL_VERSION,
    pool: clients.shards.databasePool(db),
  }));
  const redisViews = [HOME_FEED, ACTIVITY, PHOTO_OWNERS].map((v) => ({
    ...v,
    pool: clients.logPool,
  }));
  const modelNames = models.map((m) => m.name);
  return {
    watched: [...models, ...redisViews],
    // Feeds are hydrated from the documents: a fresh post must be in both.
    homeFeed: [HOME_FEED.name, ...modelNames],
    activity: [ACTIVITY.name, ...modelNames],
    models: modelNames,
  };
}

/** What the queries read through. */
export function viewReaders(settings: ViewSettings, clients: ViewClients, cache: DocumentCache) {
  return {
    documents: cache,
    lists: new ReadModelQueries(clients.shards),
    homeFeed: new HomeFeedReader(clients.redis, homeFeedOptions(settings)),
    activity: new ActivityReader(clients.redis, {
      keyPrefix: versionPrefix(settings.keyPrefix, ACTIVITY),
      stateKeyPrefix: statePrefix(settings.keyPrefix, ACTIVITY),
    }),
    photoOwners: new PhotoOwnerMap(clients.redis, {
      keyPrefix: versionPrefix(settings.keyPrefix, PHOTO_OWNERS),
    }),
  };
}

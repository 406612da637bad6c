import { Logger } from '@nestjs/common';
import type { EventStore } from '@photofeed/event-store';
import { shardOf } from '@photofeed/ids';
import type { Page } from '@photofeed/pagination';
import { ProjectionPositions, ProjectorHost } from '@photofeed/projections';
import { createMemcachedClient } from '@photofeed/read-models';
import { ShardMap, ShardRouter } from '@photofeed/shards';
import { documentCache, viewDeployments, viewReaders, watchedViews } from '@photofeed/views';
import type Redis from 'ioredis';
import { Pool } from 'pg';
import type { ReadSideConfig } from '../config';
import type { PageRequest, ReadSide } from './read-side';

export interface ReadSideDependencies {
  reads: ReadSideConfig;
  shardCount: number;
  /** Straight to the log database (not pgbouncer): LISTEN and the projector's session locks. */
  logDirectUrl: string;
  redis: Redis;
  store: EventStore;
}

/**
 * The api's read side from the view catalogue (libs/views): readers for the queries, positions for
 * read-your-writes and, with PROJECTOR=inline, the projector itself in this process.
 */
export function createReadSide(deps: ReadSideDependencies): ReadSide {
  const { reads } = deps;
  const logger = new Logger('ReadSide');
  const shards = new ShardRouter(
    new ShardMap({ logicalShards: deps.shardCount, databases: [...reads.shardDatabaseUrls] }),
    { max: 10, application_name: 'photofeed-api-reads' },
  );
  const logPool = new Pool({
    connectionString: deps.logDirectUrl,
    max: 8,
    application_name: 'photofeed-api-reads',
  });
  for (const pool of [logPool, ...shards.map.databases.map((_u, i) => shards.databasePool(i))])
    pool.on('error', (error) => logger.warn(`idle Postgres client failed: ${error.message}`));
  const memcached = createMemcachedClient(reads.memcachedServers);
  const clients = { logPool, redis: deps.redis, shards, memcached };
  const settings = { keyPrefix: reads.keyPrefix, feed: reads.feed };
  const cache = documentCache(settings, clients);
  const readers = viewReaders(settings, clients, cache);
  const views = watchedViews(clients);
  const positions = new ProjectionPositions(views.watched);
  const projector =
    reads.projector === 'inline'
      ? new ProjectorHost({
          store: deps.store,
          deployments: viewDeployments(settings, clients, cache),
        })
      : undefined;

  // An id naming a shard this deployment does not have cannot have rows: no such document, an
  // empty list (not a RangeError from the router, which would be a 500 for a client's guess).
  const exists = (id: bigint) => shardOf(id) < shards.map.logicalShards;
  const known = (ids: bigint[]) => ids.filter(exists);
  const list =
    (read: (id: bigint, page: PageRequest) => Promise<Page<string>>) =>
    (id: bigint, page: PageRequest): Promise<Page<string>> =>
      exists(id) ? read(id, page) : Promise.resolve({ items: [], nextCursor: null });
  const { lists } = readers;

  return {
    documents: {
      getUsers: (ids) => readers.documents.getUsers(known(ids)),
      getPhotos: (ids) => readers.documents.getPhotos(known(ids)),
    },
    lists: {
      userPhotos: list((id, page) => lists.userPhotos(id, page)),
      photoLikers: list((id, page) => lists.photoLikers(id, page)),
      followers: list((id, page) => lists.followers(id, page)),
      following: list((id, page) => lists.following(id, page)),
    },
    homeFeed: readers.homeFeed,
    activity: readers.activity,
    positions,
    views,
    async start() {
      if (!projector) return;
      await projector.start();
      logger.log('projector running in this process (PROJECTOR=inline)');
    },
    async close() {
      await projector?.stop();
      await positions.close();
      memcached.close();
      await shards.close();
      await logPool.end();
    },
  };
}

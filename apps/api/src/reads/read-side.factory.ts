import { Logger } from '@nestjs/common';
import type { EventStore } from '@photofeed/event-store';
import { shardOf } from '@photofeed/ids';
import type { Page } from '@photofeed/pagination';
import { ProjectionPositions } from '@photofeed/projections';
import { createMemcachedClient } from '@photofeed/read-models';
import { ShardMap, ShardRouter } from '@photofeed/shards';
import {
  ActiveViewsProjector,
  ActiveViewVersions,
  documentCache,
  readViewStatuses,
  versionSetKey,
  viewReaders,
  watchedViews,
  type VersionSet,
} from '@photofeed/views';
import type Redis from 'ioredis';
import { Pool } from 'pg';
import type { ReadSideConfig } from '../config';
import { ProblemError, ProblemTypes } from '../platform';
import type { PageRequest, ReadSide } from './read-side';

export interface ReadSideDependencies {
  reads: ReadSideConfig;
  shardCount: number;
  /** Straight to the log database (not pgbouncer): LISTEN and the projector's session locks. */
  logDirectUrl: string;
  redis: Redis;
  store: EventStore;
}

/** How long readers of a version this process no longer reads are kept (requests in flight). */
const RETIRED_READERS_MS = 30_000;

/**
 * The api's read side from the view catalogue (libs/views): readers for the queries, positions for
 * read-your-writes and, with PROJECTOR=inline, the projector itself in this process. Every query
 * reads the views' active versions (view_versions, followed by LISTEN and polling): a rebuild's
 * switch moves every later query to the new version at once, with nothing to restart.
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
  const projector =
    reads.projector === 'inline'
      ? new ActiveViewsProjector({
          store: deps.store,
          settings,
          clients,
          listenConnectionString: deps.logDirectUrl,
        })
      : undefined;
  const active =
    projector?.versions ??
    new ActiveViewVersions(logPool, { listenConnectionString: deps.logDirectUrl });

  // Readers and positions per set of versions; a set no longer current is closed a while later.
  const byVersions = new Map<string, ReadersAt>();
  const at = (versions: VersionSet): ReadersAt => {
    const key = versionSetKey(versions);
    let entry = byVersions.get(key);
    if (!entry) {
      const v = versions['read-models'];
      const cache = projector?.documentCache(v) ?? documentCache(settings, clients, v);
      const views = watchedViews(clients, versions);
      entry = {
        readers: viewReaders(settings, clients, cache, versions),
        positions: new ProjectionPositions(views.watched),
        views,
      };
      byVersions.set(key, entry);
    }
    return entry;
  };
  const current = () => {
    if (!active.known)
      throw new ProblemError({
        type: ProblemTypes.serviceUnavailable,
        status: 503,
        title: 'Service unavailable',
        detail: 'The views cannot be read yet: the log database has not answered.',
      });
    return at(active.current());
  };
  active.onChange((versions) => {
    const keep = versionSetKey(versions);
    setTimeout(() => {
      for (const [key, entry] of byVersions)
        if (key !== keep && key !== versionSetKey(active.current())) {
          byVersions.delete(key);
          void entry.positions.close();
        }
    }, RETIRED_READERS_MS).unref();
  });

  // An id naming a shard this deployment does not have cannot have rows: no such document, an
  // empty list (not a RangeError from the router, which would be a 500 for a client's guess).
  const exists = (id: bigint) => shardOf(id) < shards.map.logicalShards;
  const known = (ids: bigint[]) => ids.filter(exists);
  const list =
    (read: (id: bigint, page: PageRequest) => Promise<Page<string>>) =>
    (id: bigint, page: PageRequest): Promise<Page<string>> =>
      exists(id) ? read(id, page) : Promise.resolve({ items: [], nextCursor: null });
  const readers = () => current().readers;
  const lists = () => readers().lists;

  return {
    documents: {
      getUsers: (ids) => readers().documents.getUsers(known(ids)),
      getPhotos: (ids) => readers().documents.getPhotos(known(ids)),
    },
    lists: {
      userPhotos: list((id, page) => lists().userPhotos(id, page)),
      photoLikers: list((id, page) => lists().photoLikers(id, page)),
      followers: list((id, page) => lists().followers(id, page)),
      following: list((id, page) => lists().following(id, page)),
    },
    homeFeed: { read: (userId, page) => readers().homeFeed.read(userId, page) },
    activity: {
      read: (userId, page) => readers().activity.read(userId, page),
      markSeen: (userId) => readers().activity.markSeen(userId),
    },
    positions: {
      waitFor: (names, position, timeoutMs) =>
        current().positions.waitFor(names, position, timeoutMs),
    },
    // The names are the same in every version (read-your-writes waits by name).
    get views() {
      return current().views;
    },
    operatorStatus: () => readViewStatuses(clients),
    async start() {
      // Never fails: with the log database down the api starts and answers 503 until it is back.
      await active.start();
      if (!projector) return;
      const running = projector
        .start()
        .then(() => logger.log('projector running in this process (PROJECTOR=inline)'));
      if (active.known) await running;
      else running.catch((error: unknown) => logger.error(`inline projector: ${String(error)}`));
    },
    async close() {
      await projector?.stop();
      await active.close();
      await Promise.all([...byVersions.values()].map((e) => e.positions.close()));
      memcached.close();
      await shards.close();
      await logPool.end();
    },
  };
}

interface ReadersAt {
  readers: ReturnType<typeof viewReaders>;
  positions: ProjectionPositions;
  views: ReturnType<typeof watchedViews>;
}

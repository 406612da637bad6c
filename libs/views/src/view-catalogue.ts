import { ActivityReader } from '@photofeed/activity';
import { HomeFeedReader } from '@photofeed/feeds';
import { PhotoOwnerMap } from '@photofeed/photo-owners';
import type { ProjectionDeployment, WatchedProjection } from '@photofeed/projections';
import { type DocumentCache, ReadModelQueries, shardReadModelName } from '@photofeed/read-models';
import {
  readModelsDocumentCache,
  readModelsSchemaSet,
  readModelsView,
} from './definitions/read-models.view';
import {
  activityView,
  homeFeedOptions,
  homeFeedView,
  photoOwnersView,
} from './definitions/redis-views';
import {
  stateKeyPrefix,
  targetKeyPrefix,
  type ViewDefinition,
} from './definitions/view-definition';
import type { ViewClients, ViewSettings } from './view-context';
import { FIRST_VERSIONS, VIEW_NAMES, type VersionSet, type ViewName } from './versions/view-names';

export type { ViewClients, ViewSettings } from './view-context';

/**
 * Every view the system keeps, in one place: which projections exist, where each runs (pool), and
 * the key prefixes and schemas that readers and projections must agree on, for any version. The
 * projector, the api (readers, and its all-in-one mode) and feedctl all build views from here.
 */
export const VIEWS: Readonly<Record<ViewName, ViewDefinition>> = {
  'read-models': readModelsView,
  'home-feed': homeFeedView,
  activity: activityView,
  'photo-owners': photoOwnersView,
};

/** `home-feed:v1:`: a version's keys, so a rebuild can fill v2 beside v1. */
export const versionPrefix = (base: string, view: { name: string; version: number }): string =>
  targetKeyPrefix(base, view.name, { version: view.version });

/** The memcached documents of a version of the read models (default: the first). */
export function documentCache(
  settings: ViewSettings,
  clients: ViewClients,
  version: number = FIRST_VERSIONS['read-models'],
): DocumentCache {
  return readModelsDocumentCache(settings, clients, version);
}

/** Every projection of the given versions (default: the first) and the database it runs against. */
export function viewDeployments(
  settings: ViewSettings,
  clients: ViewClients,
  cache: DocumentCache = documentCache(settings, clients),
  versions: VersionSet = FIRST_VERSIONS,
): ProjectionDeployment[] {
  const ctx = { settings, clients };
  return VIEW_NAMES.flatMap((name) =>
    name === 'read-models'
      ? readModelsView.deployments({ version: versions[name] }, ctx, cache)
      : VIEWS[name].deployments({ version: versions[name] }, ctx),
  );
}

/** The projections each query reads, for read-your-writes, and where their checkpoints live. */
export function watchedViews(
  clients: ViewClients,
  versions: VersionSet = FIRST_VERSIONS,
): {
  watched: WatchedProjection[];
  homeFeed: string[];
  activity: string[];
  models: string[];
} {
  const models = clients.shards.map.databases.map((_url, db) => ({
    name: shardReadModelName(db),
    version: versions['read-models'],
    pool: clients.shards.databasePool(db),
  }));
  const redisViews = (['home-feed', 'activity', 'photo-owners'] as const).map((name) => ({
    name,
    version: versions[name],
    pool: clients.logPool,
  }));
  const modelNames = models.map((m) => m.name);
  return {
    watched: [...models, ...redisViews],
    // Feeds are hydrated from the documents: a fresh post must be in both.
    homeFeed: ['home-feed', ...modelNames],
    activity: ['activity', ...modelNames],
    models: modelNames,
  };
}

/** What the queries read through, at the given versions (default: the first). */
export function viewReaders(
  settings: ViewSettings,
  clients: ViewClients,
  cache: DocumentCache,
  versions: VersionSet = FIRST_VERSIONS,
) {
  const base = settings.keyPrefix;
  return {
    documents: cache,
    lists: new ReadModelQueries(
      clients.shards.withSchemaSet(readModelsSchemaSet({ version: versions['read-models'] })),
    ),
    homeFeed: new HomeFeedReader(
      clients.redis,
      homeFeedOptions(settings, { version: versions['home-feed'] }),
    ),
    activity: new ActivityReader(clients.redis, {
      keyPrefix: targetKeyPrefix(base, 'activity', { version: versions.activity }),
      stateKeyPrefix: stateKeyPrefix(base, 'activity'),
    }),
    photoOwners: new PhotoOwnerMap(clients.redis, {
      keyPrefix: targetKeyPrefix(base, 'photo-owners', { version: versions['photo-owners'] }),
    }),
  };
}

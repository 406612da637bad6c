import {
  compareSchemaSets,
  DocumentCache,
  dropSchemaSet,
  prepareSchemaSet,
  readModelSchemaSet,
  shardReadModelName,
  shardReadModelProjections,
} from '@photofeed/read-models';
import { dropProjectionRows, type ProjectionDeployment } from '@photofeed/projections';
import type { ShardRouter } from '@photofeed/shards';
import type { ViewClients, ViewSettings } from '../view-context';
import {
  projectionNamePrefix,
  type ViewContext,
  type ViewDefinition,
  type ViewTarget,
} from './view-definition';

/** Live versions in their schema sets (`shard_0042`, `shard_0042_v2`); scratch in `_verify2`. */
export const readModelsSchemaSet = (target: ViewTarget): string =>
  target.scratch ? `${target.scratch}${target.version}` : readModelSchemaSet(target.version);

const routerFor = (shards: ShardRouter, target: ViewTarget): ShardRouter =>
  shards.withSchemaSet(readModelsSchemaSet(target));

/** memcached documents of a live version (`documents:v2:`): readers and the projection agree. */
export function readModelsDocumentCache(
  settings: ViewSettings,
  clients: ViewClients,
  version: number,
): DocumentCache {
  return new DocumentCache({
    shards: routerFor(clients.shards, { version }),
    memcached: clients.memcached,
    keyPrefix: `${settings.keyPrefix}documents:v${version}:`,
  });
}

/**
 * Users, photos, likes and follows on the shard schemas: one projection per physical database
 * (libs/read-models). A scratch copy writes no cache: nobody reads it.
 */
export const readModelsView: ViewDefinition & {
  /**
   * `cache`: the process's own document cache of that version, shared with its readers; null for
   * none (a version being built: nobody reads its documents until the switch, and readers fill
   * them on a miss from then on).
   */
  deployments(
    target: ViewTarget,
    ctx: ViewContext,
    cache?: DocumentCache | null,
  ): ProjectionDeployment[];
} = {
  name: 'read-models',
  deployments(target, { settings, clients }, cache?: DocumentCache | null) {
    return shardReadModelProjections(clients.shards, {
      version: target.version,
      schemaSet: readModelsSchemaSet(target),
      namePrefix: projectionNamePrefix(target),
      cache:
        target.scratch || cache === null
          ? undefined
          : (cache ?? readModelsDocumentCache(settings, clients, target.version)),
    }).map(({ projection, pool }) => ({ projection, pool }));
  },
  async prepare(target, { clients }) {
    await prepareSchemaSet(routerFor(clients.shards, target));
  },
  async drop(target, { clients }) {
    const router = routerFor(clients.shards, target);
    await dropSchemaSet(router);
    await Promise.all(
      router.map.databases.map((_url, db) =>
        dropProjectionRows(
          router.databasePool(db),
          [shardReadModelName(db, projectionNamePrefix(target))],
          target.version,
        ),
      ),
    );
  },
  async compare(a, b, { clients }) {
    const found = await compareSchemaSets(
      routerFor(clients.shards, a),
      routerFor(clients.shards, b),
    );
    return {
      count: found.count,
      samples: found.samples,
      compared: `${found.tables} tables`,
    };
  },
};

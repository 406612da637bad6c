import { activityProjection } from '@photofeed/activity';
import { homeFeedProjection, type HomeFeedOptions } from '@photofeed/feeds';
import { photoOwnersProjection } from '@photofeed/photo-owners';
import { dropProjectionRows, type RedisProjection } from '@photofeed/projections';
import type { ViewSettings } from '../view-context';
import type { ViewName } from '../versions/view-names';
import { compareKeyPrefixes, dropKeys } from './redis-storage';
import {
  asTarget,
  projectionNamePrefix,
  stateKeyPrefix,
  targetKeyPrefix,
  type ViewContext,
  type ViewDefinition,
  type ViewTarget,
} from './view-definition';

/** The home feed's options at a target: the version's keys, the readers' state shared. */
export function homeFeedOptions(settings: ViewSettings, target: ViewTarget): HomeFeedOptions {
  return {
    keyPrefix: targetKeyPrefix(settings.keyPrefix, 'home-feed', target),
    stateKeyPrefix: stateKeyPrefix(settings.keyPrefix, 'home-feed'),
    ...settings.feed,
  };
}

/**
 * A view kept in Redis by one projection whose checkpoint lives in the log database: every key of
 * a target under one prefix, so dropping a version is deleting a prefix.
 */
function redisView(
  name: ViewName,
  make: (ctx: ViewContext, target: ViewTarget, keyPrefix: string) => RedisProjection,
  /** Keys left out of verify: caches that readers rebuild, not functions of the log alone. */
  ignore?: (suffix: string) => boolean,
): ViewDefinition {
  const prefix = (ctx: ViewContext, target: ViewTarget) =>
    targetKeyPrefix(ctx.settings.keyPrefix, name, target);
  return {
    name,
    deployments: (target, ctx) => [
      {
        projection: asTarget(make(ctx, target, prefix(ctx, target)), target),
        pool: ctx.clients.logPool,
      },
    ],
    prepare: async () => undefined,
    async drop(target, ctx) {
      await dropKeys(ctx.clients.redis, prefix(ctx, target));
      await dropProjectionRows(
        ctx.clients.logPool,
        [`${projectionNamePrefix(target)}${name}`],
        target.version,
      );
    },
    compare: (a, b, ctx) =>
      compareKeyPrefixes(ctx.clients.redis, prefix(ctx, a), prefix(ctx, b), { ignore }),
  };
}

/**
 * The stored feeds (`feed:`, `floor:`) are left out of verify: which readers have one depends on
 * when they read (fan-out skips inactive readers, a read rebuilds), not on the log alone. What they
 * are computed from (posts, followers, following, celebrities) is compared exactly.
 */
export const homeFeedView = redisView(
  'home-feed',
  ({ clients, settings }, target) =>
    homeFeedProjection(clients.redis, homeFeedOptions(settings, target)),
  (suffix) => suffix.startsWith('feed:') || suffix.startsWith('floor:'),
);

export const activityView = redisView('activity', ({ clients }, _target, keyPrefix) =>
  activityProjection(clients.redis, { keyPrefix }),
);

export const photoOwnersView = redisView('photo-owners', ({ clients }, _target, keyPrefix) =>
  photoOwnersProjection(clients.redis, { keyPrefix }),
);

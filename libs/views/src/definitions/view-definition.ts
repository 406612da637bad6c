import type { ProjectionDeployment, RedisProjection } from '@photofeed/projections';
import type { ViewClients, ViewSettings } from '../view-context';
import type { ViewName } from '../versions/view-names';

/**
 * Where a view's projections write: a version's live storage (what readers read once it is
 * active), or a scratch copy of it (verify), under names, keys and schemas of its own.
 */
export interface ViewTarget {
  version: number;
  /** `verify`: a scratch copy beside the live storage of `version`. */
  scratch?: string;
}

export interface ViewContext {
  settings: ViewSettings;
  clients: ViewClients;
}

/** What verify found: differences per part of the view, with a few samples to show. */
export interface ViewDifferences {
  count: number;
  /** `part` is a table (`shard_0003.photos`) or a key kind (`posts:`); `detail` says what differs. */
  samples: { part: string; detail: string }[];
  /** What was compared, for the report (tables, key counts). */
  compared: string;
}

/**
 * One view, as operators handle it: its projections at a target, how to make its storage ready,
 * how to drop it, and how to compare two copies of it. libs/views/src/definitions has one per view.
 */
export interface ViewDefinition {
  name: ViewName;
  /** The projections that keep the view at `target`, each with the pool holding its checkpoint. */
  deployments(target: ViewTarget, ctx: ViewContext): ProjectionDeployment[];
  /** Storage ready to fill from the log (schemas for Postgres views; nothing for Redis). */
  prepare(target: ViewTarget, ctx: ViewContext): Promise<void>;
  /** Everything of `target`: rows or keys, checkpoints, parked events. */
  drop(target: ViewTarget, ctx: ViewContext): Promise<void>;
  /** Differences between `a` and `b`, both at the same log position. */
  compare(a: ViewTarget, b: ViewTarget, ctx: ViewContext): Promise<ViewDifferences>;
}

/** Projection names of a scratch copy: `verify:home-feed` beside `home-feed`. */
export const projectionNamePrefix = (target: ViewTarget): string =>
  target.scratch ? `${target.scratch}:` : '';

/** `home-feed:v2:` live, `verify:home-feed:v2:` for a scratch copy: every key of the target. */
export const targetKeyPrefix = (base: string, view: string, target: ViewTarget): string =>
  `${base}${target.scratch ? `${target.scratch}:` : ''}${view}:v${target.version}:`;

/** Reader state not derived from the log (last-read, last-seen): one for every version. */
export const stateKeyPrefix = (base: string, view: string): string => `${base}${view}:`;

/**
 * The libraries name their Redis projections once (version 1); a target gives each its own name
 * and version. The handler is the library's own.
 */
export function asTarget(projection: RedisProjection, target: ViewTarget): RedisProjection {
  return {
    kind: 'redis',
    name: `${projectionNamePrefix(target)}${projection.name}`,
    version: target.version,
    filter: projection.filter,
    handle: (events) => projection.handle(events),
  };
}

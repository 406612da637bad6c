/**
 * The full rebuild the bench times: every deployment filled from the start of the log to `head`.
 * Two engines, so the number can move to the real one by changing `engine`:
 * - `host`: a ProjectorHost (what the projector process runs), one runner per deployment, each
 *   reading the log on its own; done when every runner has reached the head.
 * - `shared`: libs/projections' rebuildProjections, one read of the log for every view, the next
 *   batch read while the views apply the current one.
 */
import type { EventStore, LogPosition } from '@photofeed/event-store';
import {
  ProjectorHost,
  rebuildProjections,
  type ProjectionDeployment,
} from '@photofeed/projections';
import { now } from './stats';

export const REBUILD_ENGINES = ['host', 'shared'] as const;
export type RebuildEngine = (typeof REBUILD_ENGINES)[number];

export interface RebuildEveryViewOptions {
  engine: RebuildEngine;
  store: EventStore;
  deployments: ProjectionDeployment[];
  batchSize: number;
  /** shared: how many batches the fastest view may run ahead of the slowest. */
  readAheadBatches: number;
  head: LogPosition;
  timeoutMs: number;
}

export interface RebuildEveryViewResult {
  elapsedMs: number;
  /** Events parked by any view (a rebuild of a well-formed log parks none). */
  parked: number;
}

export async function rebuildEveryView(
  options: RebuildEveryViewOptions,
): Promise<RebuildEveryViewResult> {
  return options.engine === 'host' ? withHost(options) : withSharedRead(options);
}

async function withHost(options: RebuildEveryViewOptions): Promise<RebuildEveryViewResult> {
  const { store, deployments, batchSize, head, timeoutMs } = options;
  const host = new ProjectorHost({
    store,
    deployments,
    runner: { batchSize, holder: 'bench-rebuild' },
  });
  const start = now();
  try {
    await host.start();
    await host.waitFor(head, timeoutMs);
    const elapsedMs = now() - start;
    return { elapsedMs, parked: host.statuses().reduce((n, s) => n + s.parked, 0) };
  } finally {
    await host.stop();
  }
}

async function withSharedRead(options: RebuildEveryViewOptions): Promise<RebuildEveryViewResult> {
  const { store, deployments, batchSize, readAheadBatches, head } = options;
  const start = now();
  const result = await rebuildProjections({
    store,
    targets: deployments.map(({ projection, pool }) => ({ projection, pool, until: head })),
    batchSize,
    readAheadBatches,
    holder: 'bench-rebuild',
  });
  if (!result.completed) throw new Error('the rebuild stopped before the head');
  const elapsedMs = now() - start;
  const parked = await Promise.all(
    deployments.map(async ({ projection, pool }) => {
      const { rows } = await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM projection_parked WHERE name = $1 AND version = $2',
        [projection.name, projection.version],
      );
      return rows[0].n;
    }),
  );
  return { elapsedMs, parked: parked.reduce((a, b) => a + b, 0) };
}

import type { EventStore, LogPosition } from '@photofeed/event-store';
import {
  readCheckpoint,
  rebuildProjections,
  setPaused,
  type ProjectionDeployment,
  type RebuildProgress,
} from '@photofeed/projections';
import type { ViewContext, ViewDifferences, ViewTarget } from '../definitions/view-definition';
import { VIEWS } from '../view-catalogue';
import type { ViewName } from '../versions/view-names';
import { ViewVersionStore } from '../versions/view-version-store';

export interface VerifyOptions extends ViewContext {
  store: EventStore;
  view: ViewName;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RebuildProgress) => void;
  onStep?: (message: string) => void;
}

export interface VerifyResult {
  view: ViewName;
  version: number;
  /** Where each projection of the live view was when compared (scratch filled exactly to it). */
  checkpoints: { projection: string; position: LogPosition }[];
  differences: ViewDifferences;
  /** Events read from the log to fill the scratch copy. */
  eventsRead: number;
  /** How long the live view was paused for the comparison. */
  pausedMs: number;
}

/**
 * Checks a live view against the log: fills a scratch copy of its active version from the log up to
 * the live view's own checkpoints, then compares the two. The scratch copy is filled in two steps so
 * the live view is paused only briefly: first to where the live view is now (no pause), then, with
 * the live view paused after its batch in hand, the few events it applied meanwhile; compared while
 * paused, so both stand at exactly the same position. The scratch copy is dropped afterwards.
 */
export async function verifyView(options: VerifyOptions): Promise<VerifyResult> {
  const { view, settings, clients } = options;
  const ctx: ViewContext = { settings, clients };
  const step = options.onStep ?? (() => undefined);
  const definition = VIEWS[view];
  const version = (await new ViewVersionStore(clients.logPool).read(view)).active;
  const live: ViewTarget = { version };
  const scratch: ViewTarget = { version, scratch: 'verify' };
  const liveDeployments = definition.deployments(live, ctx);
  const scratchDeployments = definition.deployments(scratch, ctx);

  await definition.drop(scratch, ctx); // what an interrupted verify left
  await definition.prepare(scratch, ctx);
  let eventsRead = 0;
  const fillTo = async (checkpoints: LogPosition[]) => {
    const filled = await rebuildProjections({
      store: options.store,
      batchSize: options.batchSize,
      signal: options.signal,
      onProgress: options.onProgress,
      targets: scratchDeployments.map((d, i) => ({ ...d, until: checkpoints[i] })),
    });
    eventsRead += filled.eventsRead;
    if (!filled.completed) throw new VerifyInterrupted();
  };
  try {
    step(`${view} v${version}: filling a scratch copy from the log`);
    await fillTo(await checkpointsOf(liveDeployments));
    const wasPaused = await Promise.all(liveDeployments.map((d) => isPaused(d)));
    const pausedAt = Date.now();
    step(`${view} v${version}: pausing the live view to compare`);
    await Promise.all(liveDeployments.map((d) => setPaused(d.pool, d.projection, true)));
    try {
      const checkpoints = await checkpointsOf(liveDeployments);
      await fillTo(checkpoints);
      const differences = await definition.compare(live, scratch, ctx);
      return {
        view,
        version,
        checkpoints: liveDeployments.map((d, i) => ({
          projection: d.projection.name,
          position: checkpoints[i],
        })),
        differences,
        eventsRead,
        pausedMs: Date.now() - pausedAt,
      };
    } finally {
      await Promise.all(
        liveDeployments.map((d, i) =>
          wasPaused[i] ? undefined : setPaused(d.pool, d.projection, false),
        ),
      );
    }
  } finally {
    await definition.drop(scratch, ctx);
  }
}

export class VerifyInterrupted extends Error {
  constructor() {
    super('verify interrupted; nothing was changed');
    this.name = 'VerifyInterrupted';
  }
}

function checkpointsOf(deployments: ProjectionDeployment[]): Promise<LogPosition[]> {
  return Promise.all(deployments.map((d) => readCheckpoint(d.pool, d.projection)));
}

async function isPaused(d: ProjectionDeployment): Promise<boolean> {
  const { rows } = await d.pool.query<{ paused: boolean }>(
    'SELECT paused FROM projection_checkpoints WHERE name = $1 AND version = $2',
    [d.projection.name, d.projection.version],
  );
  return rows[0]?.paused ?? false;
}

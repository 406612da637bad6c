import type { EventStore } from '@photofeed/event-store';
import {
  rebuildProjections,
  type ProjectionDeployment,
  type RebuildProgress,
} from '@photofeed/projections';
import { readModelsView } from '../definitions/read-models.view';
import type { ViewContext } from '../definitions/view-definition';
import { readViewStatuses } from '../status/view-statuses';
import { VIEWS } from '../view-catalogue';
import type { ViewName } from '../versions/view-names';
import { ViewVersionError, ViewVersionStore } from '../versions/view-version-store';

export interface BlueGreenOptions extends ViewContext {
  store: EventStore;
  views: ViewName[];
  /** Events per read of the log and per batch of every view. */
  batchSize?: number;
  /** A ceiling on the rebuild's pace (events/s), to bound its load on production databases. */
  maxEventsPerSecond?: number;
  /** Keep the old version after the switch (drop it later with dropRetiredVersion). */
  keepOld?: boolean;
  /** After the switch, before dropping: readers in other processes finish on the old version. */
  graceMs?: number;
  /** How long to wait for a projector to take the new version over, and to let the old one go. */
  handoverTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RebuildProgress) => void;
  /** One line per step, for the operator. */
  onStep?: (message: string) => void;
}

export interface BlueGreenResult {
  /** False: interrupted before the switch; run it again to resume. */
  completed: boolean;
  /** Per view: the version built, and the one it replaced. */
  views: { view: ViewName; from: number; to: number; dropped: boolean }[];
  eventsRead: number;
  /** Filling the new versions from the log (what the events/s are measured over). */
  fillSeconds: number;
  /** Everything: preparing, filling, switching, handing over, dropping. */
  seconds: number;
  /** Problems after the switch that need the operator (no projector took over, say). */
  warnings: string[];
}

/**
 * Blue/green rebuild of views: version N+1 of each is filled from the log beside version N (its
 * own schemas, its own Redis keys) while readers keep reading N; caught up, every view switches in
 * one transaction (readers move at once, projectors hand their runners over); N is then dropped
 * once no process reads or runs it. Interrupted, it resumes the same N+1 from its checkpoints.
 */
export async function rebuildBlueGreen(options: BlueGreenOptions): Promise<BlueGreenResult> {
  const started = Date.now();
  const { views, settings, clients } = options;
  const ctx: ViewContext = { settings, clients };
  const step = options.onStep ?? (() => undefined);
  const versions = new ViewVersionStore(clients.logPool);
  const plan: BlueGreenResult['views'] = [];
  for (const view of views) {
    const current = await versions.read(view);
    if (current.retired !== null)
      throw new ViewVersionError(
        `${view} still keeps version ${current.retired} from its last switch: drop it first (feedctl drop ${view} --version ${current.retired})`,
      );
    const to = await versions.startBuilding(view);
    plan.push({ view, from: current.active, to, dropped: false });
  }
  for (const { view, from, to } of plan) {
    step(`${view}: building v${to} beside v${from}`);
    await VIEWS[view].prepare({ version: to }, ctx);
  }

  const deployments: ProjectionDeployment[] = plan.flatMap(({ view, to }) =>
    view === 'read-models'
      ? readModelsView.deployments({ version: to }, ctx, null)
      : VIEWS[view].deployments({ version: to }, ctx),
  );
  const filled = await rebuildProjections({
    store: options.store,
    targets: deployments,
    batchSize: options.batchSize,
    maxEventsPerSecond: options.maxEventsPerSecond,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  const result: BlueGreenResult = {
    completed: filled.completed,
    views: plan,
    eventsRead: filled.eventsRead,
    fillSeconds: filled.seconds,
    seconds: 0,
    warnings: [],
  };
  if (!filled.completed) {
    result.seconds = (Date.now() - started) / 1000;
    return result;
  }

  const timeout = options.handoverTimeoutMs ?? 15_000;
  const names = (version: (p: (typeof plan)[number]) => number) =>
    plan.flatMap((p) =>
      VIEWS[p.view]
        .deployments({ version: version(p) }, ctx)
        .map((d) => `${d.projection.name}@${d.projection.version}`),
    );
  // A projector runs the old versions now: it will take the new ones over after the switch.
  const projectorRunning = await until(
    ctx,
    names((p) => p.from),
    true,
    0,
  );
  await versions.switchAll(plan.map(({ view, to }) => ({ view, version: to })));
  step(`switched: ${plan.map((p) => `${p.view} v${p.from} → v${p.to}`).join(', ')}`);
  const handedOver =
    projectorRunning &&
    (await until(
      ctx,
      names((p) => p.to),
      true,
      timeout,
    ));
  if (!handedOver)
    result.warnings.push(
      'no projector runs the new versions: they fall behind until one does (npm run start:projector)',
    );
  await sleep(options.graceMs ?? 3_000);
  const released = await until(
    ctx,
    names((p) => p.from),
    false,
    timeout,
  );
  for (const p of plan) {
    if (options.keepOld) continue;
    if (!released) {
      result.warnings.push(
        `${p.view} v${p.from} is still run by a projector: kept; drop it later (feedctl drop ${p.view} --version ${p.from})`,
      );
      continue;
    }
    await dropRetiredVersion(ctx, p.view, p.from);
    p.dropped = true;
    step(`${p.view}: v${p.from} dropped`);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** Drops a version kept after a switch: its storage, checkpoints and parked events. */
export async function dropRetiredVersion(
  ctx: ViewContext,
  view: ViewName,
  version: number,
): Promise<void> {
  const versions = new ViewVersionStore(ctx.clients.logPool);
  const current = await versions.read(view);
  if (current.retired !== version)
    throw new ViewVersionError(
      `${view} v${version} is not a retired version (active v${current.active}, retired ${current.retired === null ? 'none' : `v${current.retired}`})`,
    );
  await VIEWS[view].drop({ version }, ctx);
  await versions.clearRetired(view, version);
}

/** Until every named projection (`name@version`) is held (or none is), or the timeout. */
async function until(
  ctx: ViewContext,
  names: string[],
  held: boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { projections } = await readViewStatuses(ctx.clients);
    const state = new Map(projections.map((p) => [`${p.name}@${p.version}`, p.lockHeld]));
    if (names.every((n) => (state.get(n) ?? false) === held)) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

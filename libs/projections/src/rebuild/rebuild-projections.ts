import {
  compareLogPositions,
  START,
  type EventStore,
  type LogPosition,
  type ReadAllBatch,
} from '@photofeed/event-store';
import { hostname } from 'node:os';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { BatchApplier } from '../batch-applier';
import { claimCheckpoint, countParked, reportState, type ProjectionKey } from '../checkpoint-sql';
import type { Projection } from '../projection';
import { ProjectionMetrics } from '../projection-metrics';
import { tryLock, type HeldLock } from '../runner-lock';
import { abortableSleep } from '../runner-support';
import { passes, unionFilter } from './shared-filter';
import { ProgressMeter, type RebuildProgress } from './progress';
import { SharedLogRead } from './shared-read';

export type { RebuildProgress } from './progress';

/** A projection to fill from its checkpoint, and the database holding that checkpoint. */
export interface RebuildTarget {
  projection: Projection;
  pool: Pool;
  /** Stop at this position (inclusive) instead of the log's head: a scratch copy (verify). */
  until?: LogPosition;
}

export interface RebuildOptions {
  store: EventStore;
  targets: RebuildTarget[];
  /** Events per read of the log (and per batch of each view). Default 5,000. */
  batchSize?: number;
  retry?: { attempts: number; baseDelayMs: number };
  /** Reported as the holder of every target. Default `<hostname>:<pid>`. */
  holder?: string;
  /** Stops after the batch being applied; the next run resumes from the checkpoints. */
  signal?: AbortSignal;
  /**
   * At most this many log events a second (read and applied), to keep a rebuild's load on a
   * production database bounded. Default: as fast as it goes.
   */
  maxEventsPerSecond?: number;
  /**
   * How many batches the fastest view may run ahead of the slowest (held in memory). Default 4:
   * enough that a view waiting on Postgres and one waiting on Redis overlap.
   */
  readAheadBatches?: number;
  /** After each batch every view has applied. */
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  /** False when stopped by the signal before the end. */
  completed: boolean;
  /** Every target's checkpoint at the end, by projection name. */
  checkpoints: Map<string, LogPosition>;
  eventsRead: number;
  seconds: number;
}

/** Someone else holds a target (another rebuild, or a projector running that version). */
export class RebuildLockedError extends Error {
  constructor(readonly key: ProjectionKey) {
    super(`${key.name} v${key.version} is held by another process (a rebuild already running?)`);
    this.name = 'RebuildLockedError';
  }
}

interface Lane {
  target: RebuildTarget;
  key: ProjectionKey;
  applier: BatchApplier;
  lock: HeldLock;
  /** Reached its `until` or the log's head. */
  done: boolean;
}

/**
 * Fills projections from their checkpoints up to the log's head (or each one's `until`), reading
 * the log ONCE for all of them: each batch is handed to every target (its own filter, only events
 * past its own checkpoint), each target at its own pace, a few batches read ahead (SharedLogRead).
 * The targets are held with the same advisory locks, fenced checkpoints, retries and parking as
 * live runners (BatchApplier), so a rebuilt view is made exactly as a live one, and an
 * interrupted rebuild (Ctrl-C, kill -9) resumes from the checkpoints it committed.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const holder = options.holder ?? `${hostname()}:${process.pid}`;
  const signal = options.signal ?? new AbortController().signal;
  const lanes = await claimLanes(options, holder, signal);
  const meter = new ProgressMeter();
  let eventsRead = 0;
  try {
    const filter = unionFilter(lanes.map((l) => l.target.projection.filter));
    const limit = options.batchSize ?? 5_000;
    let fetched = 0;
    const read = async (after: LogPosition) => {
      const batch = await options.store.readAll({ after, limit, filter });
      fetched += batch.events.length;
      return batch;
    };
    const lost = Promise.race(lanes.map((l) => l.lock.lost)).then(() => {
      throw new Error('a rebuild lock was lost (its connection closed): run the rebuild again');
    });
    lost.catch(() => undefined);

    const from = minCheckpoint(lanes);
    let head = await options.store.headPosition();
    let headRead: Promise<void> = Promise.resolve();
    meter.begin(from);
    const shared = new SharedLogRead({
      read,
      from,
      lanes: lanes.length,
      window: options.readAheadBatches ?? 4,
      beforeRead: async () => {
        if (!options.maxEventsPerSecond) return;
        const due = started + (1000 * fetched) / options.maxEventsPerSecond - Date.now();
        if (due > 0) await abortableSleep(due, signal).catch(() => undefined);
      },
      onReleased: (batch) => {
        eventsRead += batch.events.length;
        if (batch.caughtUp) head = batch.checkpoint;
        else if (meter.wantsHead())
          headRead = headRead
            .then(() => options.store.headPosition())
            .then(
              (h) => void (head = h),
              () => undefined, // progress only: the next release asks again
            );
        options.onProgress?.(meter.update(batch.checkpoint, head, batch.events.length));
      },
    });
    const stopReading = () => void shared.stop();
    signal.addEventListener('abort', stopReading, { once: true });
    const work = Promise.allSettled(
      lanes.map((lane, index) =>
        fillLane(lane, index, shared, signal).catch((error: unknown) => {
          stopReading(); // the other lanes stop after the batch they are applying
          throw error;
        }),
      ),
    );
    let outcomes: PromiseSettledResult<void>[];
    try {
      await Promise.race([work, lost]);
    } finally {
      signal.removeEventListener('abort', stopReading);
      await shared.stop();
      outcomes = await work;
      await headRead;
    }
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    const completed = lanes.every((l) => l.done);
    if (completed) await Promise.all(lanes.map((l) => markStopped(l, holder)));
    return {
      completed,
      checkpoints: new Map(lanes.map((l) => [l.key.name, l.applier.checkpoint!])),
      eventsRead,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await Promise.all(lanes.map((l) => l.lock.release()));
  }
}

/** One lane, batch after batch of the shared read, until its end, the head, or the signal. */
async function fillLane(
  lane: Lane,
  index: number,
  shared: SharedLogRead,
  signal: AbortSignal,
): Promise<void> {
  for (let i = 0; !lane.done && !signal.aborted; i++) {
    const batch = await shared.batch(i);
    if (!batch || signal.aborted) return;
    await applyTo(lane, batch);
    if (batch.caughtUp) lane.done = true;
    shared.appliedUpTo(index, i + 1);
  }
  // Done: this lane no longer holds the others' batches in memory.
  if (lane.done) shared.appliedUpTo(index, Number.POSITIVE_INFINITY);
}

async function claimLanes(
  options: RebuildOptions,
  holder: string,
  signal: AbortSignal,
): Promise<Lane[]> {
  const lanes: Lane[] = [];
  try {
    for (const target of options.targets) {
      const key = { name: target.projection.name, version: target.projection.version };
      const lock = await tryLock(target.pool, key);
      if (!lock) throw new RebuildLockedError(key);
      const metrics = new ProjectionMetrics(key.name, key.version, new Registry());
      const applier = new BatchApplier({
        pool: target.pool,
        projection: target.projection,
        metrics,
        notifier: null, // nobody waits on a version being built
        attempts: Math.max(1, options.retry?.attempts ?? 5),
        baseDelayMs: options.retry?.baseDelayMs ?? 100,
        sleep: (ms) => abortableSleep(ms, signal),
        advanced: (to, events) => metrics.checkpointMoved(to.seq, events.length, null),
        onError: (err) => console.error(`rebuild ${key.name} v${key.version}:`, err),
      });
      lanes.push({ target, key, applier, lock, done: false });
      const [parked, claimed] = await Promise.all([
        countParked(target.pool, key),
        claimCheckpoint(target.pool, key, holder),
      ]);
      applier.startAt(claimed.from, parked);
      if (target.until && compareLogPositions(claimed.from, target.until) >= 0)
        lanes.at(-1)!.done = true;
    }
    return lanes;
  } catch (error) {
    await Promise.all(lanes.map((l) => l.lock.release()));
    throw error;
  }
}

/** This lane's part of the batch: its own filter, past its own checkpoint, up to its `until`. */
async function applyTo(lane: Lane, batch: ReadAllBatch): Promise<void> {
  if (lane.done) return;
  const from = lane.applier.checkpoint!;
  const until = lane.target.until;
  let to = batch.checkpoint;
  let caughtUp = batch.caughtUp;
  if (until && compareLogPositions(to, until) >= 0) {
    to = until;
    caughtUp = true;
    lane.done = true;
  }
  if (compareLogPositions(to, from) <= 0) return;
  const filter = lane.target.projection.filter;
  const events = batch.events.filter(
    (e) =>
      compareLogPositions(e.position, from) > 0 &&
      compareLogPositions(e.position, to) <= 0 &&
      passes(e, filter),
  );
  await lane.applier.apply({ events, checkpoint: to, caughtUp });
}

/** Where the shared read starts: the earliest checkpoint of a lane still to fill. */
function minCheckpoint(lanes: Lane[]): LogPosition {
  const pending = lanes.filter((l) => !l.done).map((l) => l.applier.checkpoint!);
  if (pending.length === 0) return START;
  return pending.reduce((a, b) => (compareLogPositions(a, b) <= 0 ? a : b));
}

/** Done: nobody runs the version until a projector takes it over after the switch. */
async function markStopped(lane: Lane, holder: string): Promise<void> {
  await reportState(lane.target.pool, lane.key, lane.applier.checkpoint!, holder, 'stopped');
}

import {
  compareLogPositions,
  type LogPosition,
  type RecordedEvent,
  type Subscription,
} from '@photofeed/event-store';
import { hostname } from 'node:os';
import { BatchApplier } from './batch-applier';
import {
  claimCheckpoint,
  countParked,
  markStandby,
  readPaused,
  recordRunnerError,
  reportState,
  type ProjectionKey,
} from './checkpoint-sql';
import { ProjectionMetrics } from './projection-metrics';
import { tryLock, type HeldLock } from './runner-lock';
import type { ProjectionRunnerOptions, ProjectionStatus, RunnerState } from './runner-options';
import { abortableSleep, CheckpointWaiters, Stopped } from './runner-support';
import { CheckpointNotifier } from './waiting/checkpoint-notifier';

export type { ProjectionRunnerOptions, ProjectionStatus, RunnerState } from './runner-options';

/**
 * Runs one projection: holds its lock (or stands by), reads the log from its checkpoint, and
 * applies each batch in one transaction with the checkpoint (BatchApplier). Failing events are
 * retried, then parked, so one bad event never stops the view. An operator's pause stops it after
 * its batch, lock kept, until resumed.
 */
export class ProjectionRunner {
  private readonly key: ProjectionKey;
  private readonly metrics: ProjectionMetrics;
  private readonly standbyPollMs: number;
  private readonly controlPollMs: number;
  private readonly holder: string;
  private readonly notifier: CheckpointNotifier | null;
  private readonly ownsNotifier: boolean;
  private readonly applier: BatchApplier;
  private state: RunnerState = 'stopped';
  private running: Promise<void> | null = null;
  private abort = new AbortController();
  private subscription: Subscription | null = null;
  private readonly waiters = new CheckpointWaiters();

  constructor(private readonly options: ProjectionRunnerOptions) {
    const { name, version } = options.projection;
    this.key = { name, version };
    this.metrics = new ProjectionMetrics(name, version, options.registry);
    this.standbyPollMs = options.standbyPollMs ?? 1_000;
    this.controlPollMs = options.controlPollMs ?? 500;
    this.holder = options.holder ?? `${hostname()}:${process.pid}`;
    this.ownsNotifier = options.notifier === undefined;
    this.notifier =
      options.notifier === undefined ? new CheckpointNotifier(options.pool) : options.notifier;
    this.applier = new BatchApplier({
      pool: options.pool,
      projection: options.projection,
      metrics: this.metrics,
      notifier: this.notifier,
      attempts: Math.max(1, options.retry?.attempts ?? 5),
      baseDelayMs: options.retry?.baseDelayMs ?? 100,
      sleep: (ms) => this.sleep(ms),
      advanced: (to, events, caughtUp) => this.advance(to, events, caughtUp),
      onError: (err) => this.reportError(err),
    });
  }

  /**
   * Resolves once the first lock attempt is decided: the runner then stands by, or holds the
   * projection, has claimed its checkpoint row and knows its checkpoint (catching up, live or
   * paused).
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.abort = new AbortController();
    this.state = 'standby';
    let firstAttempt!: () => void;
    const decided = new Promise<void>((resolve) => (firstAttempt = resolve));
    this.running = this.run(firstAttempt).finally(() => firstAttempt());
    await decided;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.subscription?.stop();
    await this.running;
    this.running = null;
    this.state = 'stopped';
    if (this.ownsNotifier) await this.notifier?.flush();
    this.waiters.rejectAll(new Error(`projection ${this.key.name} stopped`));
  }

  status(): ProjectionStatus {
    return {
      ...this.key,
      state: this.state,
      checkpoint: this.applier.checkpoint,
      parked: this.applier.parked,
    };
  }

  /** Resolves once the checkpoint has reached `position`: read-your-writes and tests. */
  waitFor(position: LogPosition, timeoutMs: number): Promise<void> {
    const at = this.applier.checkpoint;
    if (at && compareLogPositions(at, position) >= 0) return Promise.resolve();
    return this.waiters.wait(
      position,
      timeoutMs,
      () => new Error(`projection ${this.key.name} did not reach the position in ${timeoutMs} ms`),
    );
  }

  private async run(lockDecided: () => void): Promise<void> {
    let standingBy = false;
    while (!this.abort.signal.aborted) {
      let lock: HeldLock | null = null;
      try {
        lock = await tryLock(this.options.pool, this.key);
        if (standingBy !== !lock) {
          standingBy = !lock;
          await markStandby(this.options.pool, this.key, this.holder, standingBy);
        } else if (standingBy) await markStandby(this.options.pool, this.key, this.holder, true);
        if (lock) await this.project(lock, lockDecided);
        else lockDecided();
      } catch (err) {
        if (!(err instanceof Stopped)) {
          this.reportError(err);
          if (lock) await recordRunnerError(this.options.pool, this.key, err).catch(() => 0);
        }
      } finally {
        lockDecided(); // also when taking the lock failed: start() must not hang
        await lock?.release();
      }
      if (this.abort.signal.aborted) break;
      this.state = 'standby';
      await this.sleep(this.standbyPollMs).catch(() => undefined);
    }
    if (standingBy)
      await markStandby(this.options.pool, this.key, this.holder, false).catch(() => 0);
  }

  /**
   * Holds the projection until the lock is lost or the runner stops: claims the checkpoint, then
   * follows the log; paused by an operator, waits (lock kept) and claims again when resumed, so a
   * checkpoint reset while paused is where it goes on from. `claimed` is called once the first
   * checkpoint is read and the runner recorded as its holder.
   */
  private async project(lock: HeldLock, claimed: () => void): Promise<void> {
    let lockLost = false;
    void lock.lost.then(() => (lockLost = true));
    this.metrics.acquired();
    try {
      while (!this.abort.signal.aborted && !lockLost) {
        const parked = await countParked(this.options.pool, this.key);
        const { from, paused } = await claimCheckpoint(this.options.pool, this.key, this.holder);
        this.applier.startAt(from, parked);
        if (paused) {
          this.state = 'paused';
          this.advance(from, []);
          claimed();
          await this.waitWhilePaused(lock);
          continue;
        }
        if (!(await this.follow(lock, from, claimed))) return; // lost the lock, or stopping
      }
    } finally {
      this.metrics.released();
      if (this.abort.signal.aborted) await this.reportStopped();
    }
  }

  /**
   * Reads the log from `from` until stopped, the lock is lost, or an operator pauses (then true).
   */
  private async follow(lock: HeldLock, from: LogPosition, claimed: () => void): Promise<boolean> {
    const { store, projection, batchSize, pool } = this.options;
    // Nothing past the checkpoint: the subscription yields nothing until new events come, so
    // say live now (before waiters wake in advance()).
    const atHead = compareLogPositions(from, await store.headPosition()) >= 0;
    if (atHead) await reportState(pool, this.key, from, this.holder, 'live');
    this.state = atHead ? 'live' : 'catching-up';
    this.metrics.setLag(atHead);
    this.advance(from, []);
    claimed();
    const subscription = store.subscribeToAll({
      after: from,
      filter: projection.filter,
      batchSize,
    });
    this.subscription = subscription;
    // A lost lock connection means another runner may take over: stop reading at once.
    void lock.lost.then(() => subscription.stop());
    if (this.abort.signal.aborted) await subscription.stop();
    // An idle live runner learns of a pause from the row; a busy one from each checkpoint move.
    let pausedByPoll = false;
    const control = setInterval(() => {
      readPaused(pool, this.key).then(
        (paused) => {
          if (!paused) return;
          pausedByPoll = true;
          return subscription.stop();
        },
        () => undefined,
      );
    }, this.controlPollMs);
    try {
      for await (const batch of subscription) {
        await this.applier.apply(batch);
        if (this.applier.pauseRequested) break;
        // Caught up sets lag 0 in advance(); otherwise it costs one head read per batch.
        if (!batch.caughtUp)
          this.metrics.setLag(false, (await store.headPosition()).seq - batch.checkpoint.seq);
      }
    } finally {
      clearInterval(control);
      await subscription.stop();
      this.subscription = null;
    }
    return !this.abort.signal.aborted && (this.applier.pauseRequested || pausedByPoll);
  }

  /** Paused: the lock stays here (no standby takes over); the row says paused until resumed. */
  private async waitWhilePaused(lock: HeldLock): Promise<void> {
    let lockLost = false;
    void lock.lost.then(() => (lockLost = true));
    const at = this.applier.checkpoint;
    if (at) await reportState(this.options.pool, this.key, at, this.holder, 'paused');
    while (!lockLost && (await readPaused(this.options.pool, this.key)))
      await this.sleep(this.controlPollMs);
  }

  /** While still holding the lock: the status row says nobody projects it now. */
  private async reportStopped(): Promise<void> {
    const at = this.applier.checkpoint;
    if (!at) return;
    await reportState(this.options.pool, this.key, at, this.holder, 'stopped').catch(
      (err: unknown) => this.reportError(err),
    );
  }

  /** `caughtUp` decides the state before waiters wake, so they see it. */
  private advance(to: LogPosition, events: RecordedEvent[], caughtUp?: boolean): void {
    if (caughtUp !== undefined) this.state = caughtUp ? 'live' : 'catching-up';
    if (caughtUp) this.metrics.setLag(true);
    this.metrics.checkpointMoved(to.seq, events.length, events.at(-1)?.recordedAt ?? null);
    this.waiters.reached(to);
  }

  /** Backoff and standby waits end early on stop(). */
  private sleep(ms: number): Promise<void> {
    return abortableSleep(ms, this.abort.signal);
  }

  private reportError(err: unknown): void {
    console.error(`projection ${this.key.name} v${this.key.version}:`, err);
  }
}

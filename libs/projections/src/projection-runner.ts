import {
  compareLogPositions,
  type LogPosition,
  type ReadAllBatch,
  type RecordedEvent,
  type Subscription,
} from '@photofeed/event-store';
import { hostname } from 'node:os';
import {
  claimCheckpoint,
  countParked,
  parkEvent,
  reportState,
  saveCheckpoint,
  type ProjectionKey,
  type ReportedState,
} from './checkpoint-sql';
import type { AfterCommit } from './projection';
import { ProjectionMetrics } from './projection-metrics';
import { tryLock, type HeldLock } from './runner-lock';
import type { ProjectionRunnerOptions, ProjectionStatus, RunnerState } from './runner-options';
import {
  abortableSleep,
  CheckpointWaiters,
  guard,
  HandlerFailed,
  inTransaction,
  Stopped,
} from './runner-support';
import { CheckpointNotifier } from './waiting/checkpoint-notifier';

export type { ProjectionRunnerOptions, ProjectionStatus, RunnerState } from './runner-options';

/**
 * Runs one projection: holds its lock (or stands by), reads the log from its checkpoint, and
 * applies each batch in one transaction with the checkpoint. Failing events are retried, then
 * parked, so one bad event never stops the view.
 */
export class ProjectionRunner {
  private readonly key: ProjectionKey;
  private readonly metrics: ProjectionMetrics;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly standbyPollMs: number;
  private readonly holder: string;
  private readonly notifier: CheckpointNotifier | null;
  private readonly ownsNotifier: boolean;
  private state: RunnerState = 'stopped';
  private checkpoint: LogPosition | null = null;
  private parked = 0;
  private running: Promise<void> | null = null;
  private abort = new AbortController();
  private subscription: Subscription | null = null;
  private readonly waiters = new CheckpointWaiters();

  constructor(private readonly options: ProjectionRunnerOptions) {
    const { name, version } = options.projection;
    this.key = { name, version };
    this.metrics = new ProjectionMetrics(name, version, options.registry);
    this.attempts = Math.max(1, options.retry?.attempts ?? 5);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 100;
    this.standbyPollMs = options.standbyPollMs ?? 1_000;
    this.holder = options.holder ?? `${hostname()}:${process.pid}`;
    this.ownsNotifier = options.notifier === undefined;
    this.notifier =
      options.notifier === undefined ? new CheckpointNotifier(options.pool) : options.notifier;
  }

  /**
   * Resolves once the first lock attempt is decided: the runner then stands by, or holds the
   * projection, has claimed its checkpoint row and knows its checkpoint (catching up or live).
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
    return { ...this.key, state: this.state, checkpoint: this.checkpoint, parked: this.parked };
  }

  /** Resolves once the checkpoint has reached `position`: read-your-writes and tests. */
  waitFor(position: LogPosition, timeoutMs: number): Promise<void> {
    if (this.checkpoint && compareLogPositions(this.checkpoint, position) >= 0)
      return Promise.resolve();
    return this.waiters.wait(
      position,
      timeoutMs,
      () => new Error(`projection ${this.key.name} did not reach the position in ${timeoutMs} ms`),
    );
  }

  private async run(lockDecided: () => void): Promise<void> {
    while (!this.abort.signal.aborted) {
      let lock: HeldLock | null = null;
      try {
        lock = await tryLock(this.options.pool, this.key);
        if (lock) await this.project(lock, lockDecided);
        else lockDecided();
      } catch (err) {
        if (!(err instanceof Stopped)) this.reportError(err);
      } finally {
        lockDecided(); // also when taking the lock failed: start() must not hang
        await lock?.release();
      }
      if (this.abort.signal.aborted) break;
      this.state = 'standby';
      await this.sleep(this.standbyPollMs).catch(() => undefined);
    }
  }

  /** `claimed` is called once the checkpoint is read and the runner recorded as its holder. */
  private async project(lock: HeldLock, claimed: () => void): Promise<void> {
    const { store, pool, projection, batchSize } = this.options;
    this.parked = await countParked(pool, this.key);
    this.metrics.setParked(this.parked);
    const from = await claimCheckpoint(pool, this.key, this.holder);
    this.metrics.acquired();
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
    try {
      for await (const batch of subscription) {
        await this.applyBatch(batch);
        // Caught up sets lag 0 in advance(); otherwise it costs one head read per batch.
        if (!batch.caughtUp)
          this.metrics.setLag(false, (await store.headPosition()).seq - batch.checkpoint.seq);
      }
    } finally {
      await subscription.stop();
      this.subscription = null;
      this.metrics.released();
      if (this.abort.signal.aborted) await this.reportStopped();
    }
  }

  /** While still holding the lock: the status row says nobody projects it now. */
  private async reportStopped(): Promise<void> {
    const at = this.checkpoint;
    if (!at) return;
    await reportState(this.options.pool, this.key, at, this.holder, 'stopped').catch(
      (err: unknown) => this.reportError(err),
    );
  }

  private async applyBatch(batch: ReadAllBatch): Promise<void> {
    const lastError = await this.withRetries(batch.checkpoint, batch.events, batch.caughtUp);
    if (lastError === null) return this.advance(batch.checkpoint, batch.events, batch.caughtUp);
    // The batch keeps failing: one event at a time finds the culprit(s), the rest go through.
    for (const [i, event] of batch.events.entries()) {
      // The last event carries the batch's checkpoint: it may be past events a filter skipped.
      const last = i === batch.events.length - 1;
      const to = last ? batch.checkpoint : event.position;
      const caughtUp = last && batch.caughtUp;
      const single =
        batch.events.length === 1 ? lastError : await this.withRetries(to, [event], caughtUp);
      if (single !== null) {
        await this.inTransaction(async (tx) => {
          await parkEvent(tx, this.key, event, single.failure, this.attempts);
          await saveCheckpoint(tx, this.key, this.committed(), to, this.report([event], caughtUp));
        });
        this.notifier?.moved(this.key, to);
        this.parked++;
        this.metrics.setParked(this.parked);
      }
      this.advance(to, [event], last ? batch.caughtUp : undefined);
    }
  }

  /**
   * Null on success; the handler's last failure after every attempt. Database errors and outages
   * inside the handler throw: the runner then starts again from its checkpoint, parking nothing.
   */
  private async withRetries(
    to: LogPosition,
    events: RecordedEvent[],
    caughtUp: boolean,
  ): Promise<HandlerFailed | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.applyOnce(to, events, caughtUp);
        return null;
      } catch (err) {
        if (!(err instanceof HandlerFailed)) throw err;
        if (attempt >= this.attempts) return err;
        await this.sleep(this.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  /**
   * Postgres views: rows and checkpoint in one transaction, then the handler's after-commit work.
   * Redis views: the (idempotent) writes first, then the checkpoint: a crash in between repeats them.
   */
  private async applyOnce(
    to: LogPosition,
    events: RecordedEvent[],
    caughtUp: boolean,
  ): Promise<void> {
    const { projection } = this.options;
    const report = this.report(events, caughtUp);
    // A batch the filter emptied only moves the checkpoint: no handler call, nothing to park.
    if (projection.kind === 'redis') {
      if (events.length > 0) await guard(() => projection.handle(events));
      await this.inTransaction((tx) => saveCheckpoint(tx, this.key, this.committed(), to, report));
      this.notifier?.moved(this.key, to);
      return;
    }
    let afterCommit: AfterCommit | undefined;
    await this.inTransaction(async (tx) => {
      if (events.length > 0)
        afterCommit = (await guard(() => projection.handle(events, tx))) ?? undefined;
      await saveCheckpoint(tx, this.key, this.committed(), to, report);
    });
    this.notifier?.moved(this.key, to);
    if (afterCommit) await afterCommit().catch((err: unknown) => this.reportError(err));
  }

  /** The status that rides on a checkpoint move (the rate is the one before this batch). */
  private report(events: RecordedEvent[], caughtUp: boolean) {
    const state: ReportedState = caughtUp ? 'live' : 'catching-up';
    const lastEventAt = events.at(-1)?.recordedAt ?? null;
    return { state, lastEventAt, eventsPerSecond: this.metrics.eventsPerSecond() };
  }

  /** The checkpoint this runner last committed (set before any batch is applied). */
  private committed(): LogPosition {
    if (!this.checkpoint) throw new Error('no checkpoint read yet');
    return this.checkpoint;
  }

  /** `caughtUp` decides the state before waiters wake, so they see it. */
  private advance(to: LogPosition, events: RecordedEvent[], caughtUp?: boolean): void {
    if (caughtUp !== undefined) this.state = caughtUp ? 'live' : 'catching-up';
    if (caughtUp) this.metrics.setLag(true);
    this.checkpoint = to;
    this.metrics.checkpointMoved(to.seq, events.length, events.at(-1)?.recordedAt ?? null);
    this.waiters.reached(to);
  }

  /** Backoff and standby waits end early on stop(). */
  private sleep(ms: number): Promise<void> {
    return abortableSleep(ms, this.abort.signal);
  }

  private inTransaction(work: Parameters<typeof inTransaction>[1]): Promise<void> {
    return inTransaction(this.options.pool, work);
  }

  private reportError(err: unknown): void {
    console.error(`projection ${this.key.name} v${this.key.version}:`, err);
  }
}

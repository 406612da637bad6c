import {
  compareLogPositions,
  type EventStore,
  type LogPosition,
  type ReadAllBatch,
  type RecordedEvent,
  type Subscription,
} from '@photofeed/event-store';
import type { Pool, PoolClient } from 'pg';
import type { Registry } from 'prom-client';
import {
  countParked,
  parkEvent,
  readCheckpoint,
  saveCheckpoint,
  type ProjectionKey,
} from './checkpoint-sql';
import type { AfterCommit, Projection } from './projection';
import { ProjectionMetrics } from './projection-metrics';
import { tryLock, type HeldLock } from './runner-lock';

export type RunnerState = 'standby' | 'catching-up' | 'live' | 'stopped';

export interface ProjectionStatus {
  name: string;
  version: number;
  state: RunnerState;
  /** Null until this runner holds the lock and has read the checkpoint. */
  checkpoint: LogPosition | null;
  parked: number;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** The view's database: rows, checkpoint, parked events and the advisory lock live here. */
  pool: Pool;
  projection: Projection;
  batchSize?: number;
  /** Per batch, then per event when a batch keeps failing. Delay doubles from baseDelayMs. */
  retry?: { attempts: number; baseDelayMs: number };
  /** How often a standby runner asks for the lock again. */
  standbyPollMs?: number;
  registry?: Registry;
}

/** A handler threw: the event (or batch) is at fault, not the database around it. */
class HandlerFailed extends Error {
  constructor(readonly failure: unknown) {
    super('projection handler failed');
  }
}

async function guard<T>(handle: () => Promise<T>): Promise<T> {
  try {
    return await handle();
  } catch (err) {
    throw new HandlerFailed(err);
  }
}

class Stopped extends Error {}

interface Waiter {
  position: LogPosition;
  resolve: () => void;
  reject: (err: Error) => void;
}

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
  private state: RunnerState = 'stopped';
  private checkpoint: LogPosition | null = null;
  private parked = 0;
  private running: Promise<void> | null = null;
  private abort = new AbortController();
  private subscription: Subscription | null = null;
  private waiters = new Set<Waiter>();

  constructor(private readonly options: ProjectionRunnerOptions) {
    const { name, version } = options.projection;
    this.key = { name, version };
    this.metrics = new ProjectionMetrics(name, version, options.registry);
    this.attempts = Math.max(1, options.retry?.attempts ?? 5);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 100;
    this.standbyPollMs = options.standbyPollMs ?? 1_000;
  }

  /** Resolves once the first lock attempt is decided: the runner is then standby or catching up. */
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
    for (const w of this.waiters) w.reject(new Error(`projection ${this.key.name} stopped`));
    this.waiters.clear();
  }

  status(): ProjectionStatus {
    return { ...this.key, state: this.state, checkpoint: this.checkpoint, parked: this.parked };
  }

  /** Resolves once the checkpoint has reached `position`: read-your-writes and tests. */
  waitFor(position: LogPosition, timeoutMs: number): Promise<void> {
    if (this.checkpoint && compareLogPositions(this.checkpoint, position) >= 0)
      return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(`projection ${this.key.name} did not reach the position in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (err) => (clearTimeout(timer), reject(err)),
      };
      this.waiters.add(waiter);
    });
  }

  private async run(lockDecided: () => void): Promise<void> {
    while (!this.abort.signal.aborted) {
      let lock: HeldLock | null = null;
      try {
        lock = await tryLock(this.options.pool, this.key);
        lockDecided();
        if (lock) await this.project(lock);
      } catch (err) {
        if (!(err instanceof Stopped)) this.reportError(err);
      } finally {
        lockDecided(); // also when asking for the lock failed: start() must not hang
        await lock?.release();
      }
      if (this.abort.signal.aborted) break;
      this.state = 'standby';
      await this.sleep(this.standbyPollMs).catch(() => undefined);
    }
  }

  private async project(lock: HeldLock): Promise<void> {
    const { store, pool, projection, batchSize } = this.options;
    this.parked = await countParked(pool, this.key);
    this.metrics.setParked(this.parked);
    const from = await readCheckpoint(pool, this.key);
    this.state = 'catching-up';
    this.advance(from, 0);
    const subscription = store.subscribeToAll({
      after: from,
      filter: projection.filter,
      batchSize,
    });
    this.subscription = subscription;
    // A lost lock connection means another runner may take over: stop reading at once.
    void lock.lost.then(() => subscription.stop());
    if (this.abort.signal.aborted) await subscription.stop();
    // Nothing past the checkpoint: the subscription yields nothing until new events come.
    if (compareLogPositions(from, await store.headPosition()) >= 0) {
      this.state = 'live';
      this.metrics.setLag(0n);
    }
    try {
      for await (const batch of subscription) {
        await this.applyBatch(batch);
        // Caught up sets lag 0 in advance(); otherwise it costs one head read per batch.
        if (!batch.caughtUp)
          this.metrics.setLag((await store.headPosition()).seq - batch.checkpoint.seq);
      }
    } finally {
      await subscription.stop();
      this.subscription = null;
    }
  }

  private async applyBatch(batch: ReadAllBatch): Promise<void> {
    const lastError = await this.withRetries(batch.checkpoint, batch.events);
    if (lastError === null)
      return this.advance(batch.checkpoint, batch.events.length, batch.caughtUp);
    // The batch keeps failing: one event at a time finds the culprit(s), the rest go through.
    for (const [i, event] of batch.events.entries()) {
      // The last event carries the batch's checkpoint: it may be past events a filter skipped.
      const to = i === batch.events.length - 1 ? batch.checkpoint : event.position;
      const single = batch.events.length === 1 ? lastError : await this.withRetries(to, [event]);
      if (single !== null) {
        await this.inTransaction(async (tx) => {
          await parkEvent(tx, this.key, event, single.failure, this.attempts);
          await saveCheckpoint(tx, this.key, this.committed(), to);
        });
        this.parked++;
        this.metrics.setParked(this.parked);
      }
      this.advance(to, 1, i === batch.events.length - 1 ? batch.caughtUp : undefined);
    }
  }

  /** Null on success; the handler's last failure after every attempt. Database errors throw. */
  private async withRetries(
    to: LogPosition,
    events: RecordedEvent[],
  ): Promise<HandlerFailed | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.applyOnce(to, events);
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
  private async applyOnce(to: LogPosition, events: RecordedEvent[]): Promise<void> {
    const { projection } = this.options;
    // A batch the filter emptied only moves the checkpoint: no handler call, nothing to park.
    if (projection.kind === 'redis') {
      if (events.length > 0) await guard(() => projection.handle(events));
      await this.inTransaction((tx) => saveCheckpoint(tx, this.key, this.committed(), to));
      return;
    }
    let afterCommit: AfterCommit | undefined;
    await this.inTransaction(async (tx) => {
      if (events.length > 0)
        afterCommit = (await guard(() => projection.handle(events, tx))) ?? undefined;
      await saveCheckpoint(tx, this.key, this.committed(), to);
    });
    if (afterCommit) await afterCommit().catch((err: unknown) => this.reportError(err));
  }

  /** The checkpoint this runner last committed (set before any batch is applied). */
  private committed(): LogPosition {
    if (!this.checkpoint) throw new Error('no checkpoint read yet');
    return this.checkpoint;
  }

  private async inTransaction(work: (tx: PoolClient) => Promise<void>): Promise<void> {
    const tx = await this.options.pool.connect();
    try {
      await tx.query('BEGIN');
      await work(tx);
      await tx.query('COMMIT');
      tx.release();
    } catch (err) {
      // A client whose ROLLBACK fails is broken: destroy it rather than pool it.
      await tx.query('ROLLBACK').then(
        () => tx.release(),
        (rollbackErr: Error) => tx.release(rollbackErr),
      );
      throw err;
    }
  }

  /** `caughtUp` decides the state before waiters wake, so they see it. */
  private advance(to: LogPosition, events: number, caughtUp?: boolean): void {
    if (caughtUp !== undefined) this.state = caughtUp ? 'live' : 'catching-up';
    if (caughtUp) this.metrics.setLag(0n);
    this.checkpoint = to;
    this.metrics.checkpointMoved(to.seq, events);
    for (const w of this.waiters) {
      if (compareLogPositions(to, w.position) >= 0) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Backoff and standby waits end early on stop(). */
  private sleep(ms: number): Promise<void> {
    const signal = this.abort.signal;
    if (signal.aborted) return Promise.reject(new Stopped());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Stopped());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private reportError(err: unknown): void {
    console.error(`projection ${this.key.name} v${this.key.version}:`, err);
  }
}

import type { LogPosition, ReadAllBatch, RecordedEvent } from '@photofeed/event-store';
import type { Pool } from 'pg';
import {
  parkEvent,
  saveCheckpoint,
  type BatchReport,
  type ProjectionKey,
  type ReportedState,
} from './checkpoint-sql';
import type { AfterCommit, Projection } from './projection';
import type { ProjectionMetrics } from './projection-metrics';
import { guard, HandlerFailed, inTransaction } from './runner-support';
import type { CheckpointNotifier } from './waiting/checkpoint-notifier';

export interface BatchApplierOptions {
  pool: Pool;
  projection: Projection;
  metrics: ProjectionMetrics;
  notifier: CheckpointNotifier | null;
  /** Per batch, then per event when a batch keeps failing. Delay doubles from baseDelayMs. */
  attempts: number;
  baseDelayMs: number;
  /** Backoff waits; rejects when the owner stops. */
  sleep: (ms: number) => Promise<void>;
  /** After every checkpoint move: the owner updates its state, metrics and waiters. */
  advanced: (to: LogPosition, events: RecordedEvent[], caughtUp: boolean | undefined) => void;
  onError: (err: unknown) => void;
}

/**
 * Applies batches of the log to one projection from a checkpoint its owner holds the lock for:
 * the view's writes and the fenced checkpoint (in one transaction for Postgres views, after the
 * writes for Redis views), retries with backoff, and parking of the events that keep failing.
 * The live runner and the rebuild share it, so a rebuilt view is made exactly as a live one.
 */
export class BatchApplier {
  private readonly key: ProjectionKey;
  private position: LogPosition | null = null;
  private parkedCount = 0;
  private pauseSeen = false;

  constructor(private readonly options: BatchApplierOptions) {
    const { name, version } = options.projection;
    this.key = { name, version };
  }

  /** Claimed: the checkpoint this owner starts from and the parked count it reports. */
  startAt(from: LogPosition, parked: number): void {
    this.position = from;
    this.parkedCount = parked;
    this.pauseSeen = false;
    this.options.metrics.setParked(parked);
  }

  get checkpoint(): LogPosition | null {
    return this.position;
  }

  get parked(): number {
    return this.parkedCount;
  }

  /** An operator paused the projection: seen on the last checkpoint move. */
  get pauseRequested(): boolean {
    return this.pauseSeen;
  }

  async apply(batch: ReadAllBatch): Promise<void> {
    const lastError = await this.withRetries(batch.checkpoint, batch.events, batch.caughtUp);
    if (lastError === null) return this.moved(batch.checkpoint, batch.events, batch.caughtUp);
    // The batch keeps failing: one event at a time finds the culprit(s), the rest go through.
    for (const [i, event] of batch.events.entries()) {
      // The last event carries the batch's checkpoint: it may be past events a filter skipped.
      const last = i === batch.events.length - 1;
      const to = last ? batch.checkpoint : event.position;
      const caughtUp = last && batch.caughtUp;
      const single =
        batch.events.length === 1 ? lastError : await this.withRetries(to, [event], caughtUp);
      if (single !== null) {
        await this.transaction(async (tx) => {
          await parkEvent(tx, this.key, event, single.failure, this.options.attempts);
          await this.save(tx, to, this.report([event], caughtUp));
        });
        this.options.notifier?.moved(this.key, to);
        this.parkedCount++;
        this.options.metrics.setParked(this.parkedCount);
      }
      this.moved(to, [event], last ? batch.caughtUp : undefined);
    }
  }

  /**
   * Null on success; the handler's last failure after every attempt. Database errors and outages
   * inside the handler throw: the owner then starts again from its checkpoint, parking nothing.
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
        if (attempt >= this.options.attempts) return err;
        await this.options.sleep(this.options.baseDelayMs * 2 ** (attempt - 1));
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
    const { projection, notifier } = this.options;
    const report = this.report(events, caughtUp);
    // A batch the filter emptied only moves the checkpoint: no handler call, nothing to park.
    if (projection.kind === 'redis') {
      if (events.length > 0) await guard(() => projection.handle(events));
      await this.transaction((tx) => this.save(tx, to, report));
      notifier?.moved(this.key, to);
      return;
    }
    let afterCommit: AfterCommit | undefined;
    await this.transaction(async (tx) => {
      if (events.length > 0)
        afterCommit = (await guard(() => projection.handle(events, tx))) ?? undefined;
      await this.save(tx, to, report);
    });
    notifier?.moved(this.key, to);
    if (afterCommit) await afterCommit().catch((err: unknown) => this.options.onError(err));
  }

  private async save(
    tx: Parameters<typeof saveCheckpoint>[0],
    to: LogPosition,
    report: BatchReport,
  ): Promise<void> {
    const { paused } = await saveCheckpoint(tx, this.key, this.committed(), to, report);
    this.pauseSeen = paused;
  }

  /** The status that rides on a checkpoint move (the rate is the one before this batch). */
  private report(events: RecordedEvent[], caughtUp: boolean): BatchReport {
    const state: ReportedState = caughtUp ? 'live' : 'catching-up';
    const lastEventAt = events.at(-1)?.recordedAt ?? null;
    return { state, lastEventAt, eventsPerSecond: this.options.metrics.eventsPerSecond() };
  }

  /** The checkpoint this owner last committed (set before any batch is applied). */
  private committed(): LogPosition {
    if (!this.position) throw new Error('no checkpoint claimed yet');
    return this.position;
  }

  private moved(to: LogPosition, events: RecordedEvent[], caughtUp?: boolean): void {
    this.position = to;
    this.options.advanced(to, events, caughtUp);
  }

  private transaction(work: Parameters<typeof inTransaction>[1]): Promise<void> {
    return inTransaction(this.options.pool, work);
  }
}

import { compareLogPositions, START } from './log-position';
import type { LogPosition, ReadAllBatch, Subscription } from './types';

export interface ChangeSignal {
  readonly current: number;
  waitForChange(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Catch-up then live over any `readAll`: read pages until caught up, then wait for a change
 * signal (or the poll interval, the fallback), and read again. The checkpoint only moves forward,
 * so every event is yielded once; the consumer pulls, so a slow consumer is never overrun.
 */
export class CatchUpSubscription implements Subscription {
  private readonly abort = new AbortController();
  /** Retry delay while events are held back by an open transaction: 5 ms, doubling to the poll interval. */
  private heldBackDelayMs = 0;

  constructor(
    private readonly read: (after: LogPosition) => Promise<ReadAllBatch>,
    private readonly changes: ChangeSignal,
    private after: LogPosition = START,
    private readonly pollIntervalMs = 1_000,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<ReadAllBatch> {
    while (!this.abort.signal.aborted) {
      const seen = this.changes.current;
      const batch = await this.read(this.after);
      if (this.abort.signal.aborted) return;
      if (compareLogPositions(batch.checkpoint, this.after) > 0) {
        this.after = batch.checkpoint;
        yield batch;
      }
      if (!batch.caughtUp) continue;
      this.heldBackDelayMs = batch.heldBack
        ? Math.min(Math.max(this.heldBackDelayMs * 2, 5), this.pollIntervalMs)
        : 0;
      await this.changes.waitForChange(
        seen,
        this.heldBackDelayMs || this.pollIntervalMs,
        this.abort.signal,
      );
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
  }
}

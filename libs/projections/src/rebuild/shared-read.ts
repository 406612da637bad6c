import type { LogPosition, ReadAllBatch } from '@photofeed/event-store';

export interface SharedReadOptions {
  /** Reads the batch after a position (the log's readAll with the union of the lanes' filters). */
  read: (after: LogPosition) => Promise<ReadAllBatch>;
  from: LogPosition;
  lanes: number;
  /** How many batches the fastest lane may be ahead of the slowest (batches held in memory). */
  window: number;
  /** Awaited before each read: rate limits. */
  beforeRead?: () => Promise<void>;
  /** A batch every lane has applied, in log order. */
  onReleased?: (batch: ReadAllBatch) => void;
}

/**
 * The log read once for several consumers (lanes) that each go at their own pace: batch i is read
 * as soon as the fastest lane could want it and fewer than `window` batches are held, and let go
 * when the slowest lane is done with it. Lanes do not wait for each other batch by batch, so a view
 * waiting on Postgres and one waiting on Redis overlap instead of taking turns.
 */
export class SharedLogRead {
  private readonly held = new Map<number, ReadAllBatch>();
  private readonly applied: number[];
  private released = 0;
  /** Index of the batch that reached the head; no read past it. */
  private last: number | null = null;
  private failure: unknown = null;
  private stopped = false;
  private waiters: (() => void)[] = [];
  private readonly reading: Promise<void>;

  constructor(private readonly options: SharedReadOptions) {
    this.applied = new Array<number>(options.lanes).fill(0);
    this.reading = this.readLoop().catch((error: unknown) => {
      this.failure = error;
      this.changed();
    });
  }

  /** Batch `index` for a lane, or null when there is none (past the head, or stopped). */
  async batch(index: number): Promise<ReadAllBatch | null> {
    for (;;) {
      if (this.failure) throw this.failure;
      const batch = this.held.get(index);
      if (batch) return batch;
      if (this.stopped || (this.last !== null && index > this.last)) return null;
      await this.next();
    }
  }

  /** A lane has applied every batch before `count`. */
  appliedUpTo(lane: number, count: number): void {
    this.applied[lane] = count;
    const slowest = Math.min(...this.applied);
    while (this.released < slowest && this.held.has(this.released)) {
      const batch = this.held.get(this.released)!;
      this.held.delete(this.released++);
      this.options.onReleased?.(batch);
    }
    this.changed();
  }

  /** No more reads; lanes get null once past what is held. Waits for a read in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.changed();
    await this.reading;
  }

  private async readLoop(): Promise<void> {
    let after = this.options.from;
    for (let index = 0; ; index++) {
      while (!this.stopped && index - this.released >= this.options.window) await this.next();
      if (this.stopped) return;
      await this.options.beforeRead?.();
      if (this.stopped) return;
      const batch = await this.options.read(after);
      this.held.set(index, batch);
      if (batch.caughtUp) this.last = index;
      this.changed();
      if (batch.caughtUp) return;
      after = batch.checkpoint;
    }
  }

  private next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private changed(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

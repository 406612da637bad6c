/**
 * subscribeToAll as the port wants it: batches of events with a checkpoint and a caughtUp flag,
 * on top of the client's catch-up-then-live subscription (a Readable of single events).
 */
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { compareLogPositions, START } from '../log-position';
import type { LogPosition, ReadAllBatch, RecordedEvent, Subscription } from '../types';
import type { Upcasters } from '../upcasting';
import { toRecordedEvent } from './event-mapping';
import { isSystemEvent } from './filtering';
import { toLogPosition } from './mapping';

/** What this needs of the client's AllStreamSubscription (a fake in tests). */
export interface SubscriptionSource extends AsyncIterable<AllStreamResolvedEvent> {
  /** Events the source holds that this has not pulled yet. */
  readonly readableLength: number;
  on(event: 'caughtUp' | 'fellBehind', listener: () => void): unknown;
  unsubscribe(): Promise<void>;
  destroy(): unknown;
}

export interface AllSubscriptionOptions {
  /** Exclusive. */
  after?: LogPosition;
  batchSize: number;
  matches: (streamId: string, type: string) => boolean;
  upcasters: Upcasters;
  /** The newest event before subscribing: seeing it with nothing buffered means caught up. */
  headAtStart: () => Promise<LogPosition>;
  open: (after: LogPosition | undefined) => SubscriptionSource;
  /** Told once when the subscription stops, however it was stopped. */
  onStop?: () => void;
}

/**
 * caughtUp is true when nothing is buffered and either the server said so (its CaughtUp message,
 * server 23.10+) or this has seen the head read before subscribing (any server version).
 * The checkpoint only moves over events this has seen: the server's filter checkpoints are not
 * used because several server versions sent positions of events not yet delivered.
 * Empty batches are yielded only once caught up, when the checkpoint moved or caughtUp turned true,
 * so a consumer of an idle or fully filtered log still learns it is caught up.
 */
export class EventStoreDbSubscription implements Subscription {
  private readonly queue: RecordedEvent[] = [];
  private seen: LogPosition;
  private delivered: { checkpoint: LogPosition; caughtUp: boolean } | undefined;
  private head: LogPosition | undefined;
  private serverCaughtUp = false;
  private source: SubscriptionSource | undefined;
  private pumping: Promise<void> | undefined;
  private started = false;
  private stopped = false;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: AllSubscriptionOptions) {
    this.seen = options.after ?? START;
  }

  [Symbol.asyncIterator](): AsyncIterator<ReadAllBatch> {
    if (this.started) throw new Error('a subscription can be iterated once');
    this.started = true;
    this.pumping = this.run();
    return {
      next: () => this.next(),
      return: async () => {
        await this.stop();
        return { done: true, value: undefined };
      },
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.onStop?.();
    this.notify();
    const source = this.source;
    if (source) {
      await source.unsubscribe().catch(() => undefined);
      source.destroy(); // ends the pump's for-await even if the cancelled call never ends the stream
    }
    await this.pumping;
  }

  private async next(): Promise<IteratorResult<ReadAllBatch>> {
    for (;;) {
      if (this.stopped) return { done: true, value: undefined };
      if (this.failure) {
        const { error } = this.failure;
        await this.stop();
        throw error;
      }
      const batch = this.takeBatch();
      if (batch) {
        this.notify(); // the pump may be waiting for room in the queue
        return { done: false, value: batch };
      }
      if (this.ended) return { done: true, value: undefined };
      await this.changed();
    }
  }

  private takeBatch(): ReadAllBatch | undefined {
    const events = this.queue.splice(0, this.options.batchSize);
    // Never past an event still queued: the checkpoint is then the last one handed out.
    const checkpoint = this.queue.length > 0 ? events[events.length - 1].position : this.seen;
    const caughtUp = this.isCaughtUp();
    if (events.length === 0) {
      const moved =
        !this.delivered || compareLogPositions(checkpoint, this.delivered.checkpoint) > 0;
      if (!caughtUp || (!moved && this.delivered?.caughtUp)) return undefined;
    }
    this.delivered = { checkpoint, caughtUp };
    return { events, checkpoint, caughtUp };
  }

  private isCaughtUp(): boolean {
    if (this.queue.length > 0 || !this.source || this.source.readableLength > 0) return false;
    return (
      this.serverCaughtUp ||
      (this.head !== undefined && compareLogPositions(this.seen, this.head) >= 0)
    );
  }

  private async run(): Promise<void> {
    const { after, matches, upcasters } = this.options;
    const exclusiveFrom = after && compareLogPositions(after, START) > 0 ? after : undefined;
    try {
      this.head = await this.options.headAtStart();
      if (this.stopped) return;
      const source = this.options.open(after);
      this.source = source;
      source.on('caughtUp', () => {
        this.serverCaughtUp = true;
        this.notify();
      });
      source.on('fellBehind', () => {
        this.serverCaughtUp = false;
      });
      this.notify();
      for await (const resolved of source) {
        if (this.stopped) break;
        const recorded = resolved.event;
        if (!recorded) continue;
        const position = toLogPosition(recorded.position);
        // Subscriptions start after the position already; this guards against a server that doesn't.
        if (exclusiveFrom && compareLogPositions(position, exclusiveFrom) <= 0) continue;
        // Like readAll: the checkpoint passes our filtered-out events, never trailing system ones.
        if (isSystemEvent(recorded.streamId, recorded.type)) continue;
        if (matches(recorded.streamId, recorded.type)) {
          this.queue.push(toRecordedEvent(recorded, upcasters));
        }
        this.seen = position;
        this.notify();
        while (this.queue.length >= 2 * this.options.batchSize && !this.stopped)
          await this.changed();
      }
      this.ended = true;
    } catch (error) {
      if (!this.stopped) this.failure = { error };
    } finally {
      this.notify();
    }
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

import {
  compareLogPositions,
  maxLogPosition,
  type EventStore,
  type LogPosition,
  type RecordedEvent,
} from '@photofeed/event-store';
import type { Pool } from 'pg';
import { logFilter, matches, type Selection, type TailStart } from './selection';
import { afterLastN, justBefore, streamRevisionAt, streamRevisionOfLastN } from './tail-start';

/** Events to print, or the moment catch-up ended and the tail went live (after `live`). */
export type TailItem = { events: RecordedEvent[] } | { live: LogPosition };

export interface TailOptions {
  /** False: stop at the head as it was when the tail started. */
  follow: boolean;
  signal: AbortSignal;
}

const PAGE = 500;

/**
 * What `events tail` prints: catch-up from the start, then (when following) live through the
 * store's subscription, which wakes on LISTEN/NOTIFY. Ends when `signal` aborts.
 *
 * One stream catches up through its own index (readStream), not by scanning its whole category
 * from the stream's first event; only the live part reads the category, from the head on.
 */
export async function* tailEvents(
  store: EventStore,
  pool: Pool,
  selection: Selection,
  start: TailStart,
  options: TailOptions,
): AsyncGenerator<TailItem> {
  // Everything at or below the head is readable now (below the horizon): catch-up ends there.
  const head = await store.headPosition();
  const after =
    selection.streamId === undefined
      ? yield* catchUpGlobal(store, pool, selection, start, head, options)
      : yield* catchUpStream(store, pool, selection.streamId, selection, start, head, options);
  if (!options.follow || options.signal.aborted) return;
  yield { live: after };
  yield* live(store, selection, after, options.signal);
}

/** Reads the global order from the start; returns where the live part goes on. */
async function* catchUpGlobal(
  store: EventStore,
  pool: Pool,
  selection: Selection,
  start: TailStart,
  head: LogPosition,
  { follow, signal }: TailOptions,
): AsyncGenerator<TailItem, LogPosition> {
  let after =
    'from' in start
      ? justBefore(start.from)
      : start.last === 0
        ? head
        : await afterLastN(pool, selection, start.last);
  const filter = logFilter(selection);
  while (!signal.aborted) {
    const batch = await store.readAll({ after, filter, limit: PAGE });
    after = batch.checkpoint;
    // Without --follow, what was there when we started, however fast the log grows meanwhile.
    const events = batch.events.filter(
      (e) => matches(selection, e) && (follow || compareLogPositions(e.position, head) <= 0),
    );
    if (events.length > 0) yield { events };
    if (batch.caughtUp || (!follow && compareLogPositions(after, head) >= 0)) break;
  }
  return after;
}

/** Reads one stream by revision up to the head; returns where the live part goes on. */
async function* catchUpStream(
  store: EventStore,
  pool: Pool,
  streamId: string,
  selection: Selection,
  start: TailStart,
  head: LogPosition,
  { signal }: TailOptions,
): AsyncGenerator<TailItem, LogPosition> {
  let revision =
    'from' in start
      ? await streamRevisionAt(pool, streamId, start.from)
      : start.last === 0
        ? null
        : await streamRevisionOfLastN(pool, streamId, selection.types, head, start.last);
  while (revision !== null && !signal.aborted) {
    const page = await store.readStream(streamId, { fromRevision: revision, limit: PAGE });
    const upToHead = page.filter((e) => compareLogPositions(e.position, head) <= 0);
    const events = upToHead.filter((e) => matches(selection, e));
    if (events.length > 0) yield { events };
    if (page.length < PAGE || upToHead.length < page.length) break;
    revision = page[page.length - 1].streamRevision + 1n;
  }
  // Events of the stream above the head come live; with --from beyond the head, from there.
  return 'from' in start ? maxLogPosition(head, justBefore(start.from)) : head;
}

async function* live(
  store: EventStore,
  selection: Selection,
  after: LogPosition,
  signal: AbortSignal,
): AsyncGenerator<TailItem> {
  if (signal.aborted) return;
  const subscription = store.subscribeToAll({
    after,
    filter: logFilter(selection),
    batchSize: PAGE,
  });
  const stop = () => void subscription.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const batch of subscription) {
      const events = batch.events.filter((e) => matches(selection, e));
      if (events.length > 0) yield { events };
    }
  } finally {
    signal.removeEventListener('abort', stop);
    await subscription.stop();
  }
}

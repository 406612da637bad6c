import {
  compareLogPositions,
  type EventFilter,
  type EventStore,
  type LogPosition,
  type RecordedEvent,
} from '@photofeed/event-store';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { logFilter, type Selection, type TailStart } from './selection';
import { planTail, type TailPlan } from './tail-plan';

/**
 * Events to print; the moment catch-up ended and the tail went live (after `live`); or, without
 * --follow, that it stopped at `heldBack` while newer committed events could not be read yet.
 */
export type TailItem =
  { events: RecordedEvent[] } | { live: LogPosition } | { heldBack: LogPosition };

export interface TailOptions {
  /** False: print the events committed when the tail started, and stop. */
  follow: boolean;
  signal: AbortSignal;
  /** Without --follow, how long to wait for committed events held back by an open transaction. */
  heldBackWaitMs?: number;
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
  const plan = await planTail(pool, selection, start, options.follow);
  const filter = logFilter(selection);
  if (selection.streamId !== undefined)
    yield* tailStream(store, selection.streamId, filter, plan, options);
  else if (options.follow) yield* tailGlobal(store, filter, plan, options.signal);
  else yield* readOld(store, filter, plan, options);
}

/** The global order from the plan's start: catch-up, then live from where it ended. */
async function* tailGlobal(
  store: EventStore,
  filter: EventFilter,
  plan: TailPlan,
  signal: AbortSignal,
): AsyncGenerator<TailItem> {
  let after = plan.after;
  for (;;) {
    if (signal.aborted) return;
    const batch = await store.readAll({ after, filter, limit: PAGE });
    after = batch.checkpoint;
    const events = batch.events.filter(plan.prints);
    if (events.length > 0) yield { events };
    if (batch.caughtUp) break;
  }
  yield* live(store, filter, after, plan.prints, signal);
}

/**
 * Without --follow: the events committed at the start, however fast the log grows meanwhile.
 * Those held back above the read horizon by an older transaction still open are waited for,
 * briefly (they are readable as soon as it ends).
 */
async function* readOld(
  store: EventStore,
  filter: EventFilter,
  plan: TailPlan,
  { signal, heldBackWaitMs = 5_000 }: TailOptions,
): AsyncGenerator<TailItem> {
  const deadline = Date.now() + heldBackWaitMs;
  let after = plan.after;
  let delayMs = 0;
  while (!signal.aborted && compareLogPositions(after, plan.newest) < 0) {
    const batch = await store.readAll({ after, filter, limit: PAGE });
    after = batch.checkpoint;
    const events = batch.events.filter(plan.prints);
    if (events.length > 0) yield { events };
    if (!batch.caughtUp || compareLogPositions(after, plan.newest) >= 0) continue;
    if (Date.now() >= deadline) {
      yield { heldBack: after };
      return;
    }
    delayMs = Math.min(Math.max(delayMs * 2, 5), 200);
    await sleep(delayMs, undefined, { signal }).catch(() => undefined);
  }
}

/** One stream: its old events by revision (its own index), then its new events live. */
async function* tailStream(
  store: EventStore,
  streamId: string,
  filter: EventFilter,
  plan: TailPlan,
  { follow, signal }: TailOptions,
): AsyncGenerator<TailItem> {
  let revision = plan.streamRevision;
  while (revision !== null && !signal.aborted) {
    const page = await store.readStream(streamId, { fromRevision: revision, limit: PAGE });
    // A stream's old events come before its new ones: each writer of a stream took its xid after
    // the previous one committed. The first new event ends the catch-up.
    const firstNew = page.findIndex((e) => !plan.isOld(e));
    const old = firstNew < 0 ? page : page.slice(0, firstNew);
    const events = old.filter(plan.prints);
    if (events.length > 0) yield { events };
    if (page.length < PAGE || firstNew >= 0) break;
    revision = page[page.length - 1].streamRevision + 1n;
  }
  if (!follow) return;
  // Every new event sorts after the head (its transaction was open or not begun at the start).
  yield* live(store, filter, plan.head, (e) => !plan.isOld(e) && plan.prints(e), signal);
}

async function* live(
  store: EventStore,
  filter: EventFilter,
  after: LogPosition,
  prints: (event: RecordedEvent) => boolean,
  signal: AbortSignal,
): AsyncGenerator<TailItem> {
  if (signal.aborted) return;
  yield { live: after };
  const subscription = store.subscribeToAll({ after, filter, batchSize: PAGE });
  const stop = () => void subscription.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const batch of subscription) {
      const events = batch.events.filter(prints);
      if (events.length > 0) yield { events };
    }
  } finally {
    signal.removeEventListener('abort', stop);
    await subscription.stop();
  }
}

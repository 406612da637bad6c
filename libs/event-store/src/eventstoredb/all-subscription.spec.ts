import { PassThrough } from 'node:stream';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { compareLogPositions, START } from '../log-position';
import type { LogPosition, ReadAllBatch } from '../types';
import { Upcasters } from '../upcasting';
import { EventStoreDbSubscription, type AllSubscriptionOptions } from './all-subscription';
import { eventFilterPredicate } from './filtering';

const at = (position: number, streamId = 'photo-1', type = 'Posted'): AllStreamResolvedEvent =>
  ({
    event: {
      streamId,
      id: `id-${position}`,
      revision: 0n,
      type,
      created: new Date(0),
      data: {},
      metadata: {},
      isJson: true,
      position: { commit: BigInt(position), prepare: BigInt(position) },
    },
    commitPosition: BigInt(position),
  }) as AllStreamResolvedEvent;
const pos = (n: number): LogPosition => ({ tx: BigInt(n), seq: BigInt(n) });

/**
 * Lets the subscription's pump run everything it can: the source is an in-memory stream, so a
 * few turns of the event loop (not wall-clock time) settle it, however loaded the machine is.
 */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Stands in for the client's AllStreamSubscription. */
function fakeSource(records: AllStreamResolvedEvent[] = []) {
  const source = Object.assign(new PassThrough({ objectMode: true }), {
    unsubscribed: false,
    unsubscribe: async () => {
      source.unsubscribed = true;
      source.end();
    },
  });
  for (const r of records) source.write(r);
  return source;
}

function subscribe(
  source: ReturnType<typeof fakeSource>,
  over: Partial<AllSubscriptionOptions> = {},
) {
  const opened: (LogPosition | undefined)[] = [];
  const subscription = new EventStoreDbSubscription({
    batchSize: 2,
    matches: eventFilterPredicate(undefined),
    upcasters: new Upcasters(),
    headAtStart: async () => START,
    open: (after) => {
      opened.push(after);
      return source;
    },
    ...over,
  });
  return {
    subscription,
    opened,
    get iterator() {
      return subscription[Symbol.asyncIterator]();
    },
  };
}

/** The promise's value, or 'pending' if it is still unsettled once the pump has settled. */
const within = <T>(promise: Promise<T>) =>
  Promise.race([promise, settle().then(() => 'pending' as const)]);
const ids = (batches: ReadAllBatch[]) => batches.flatMap((b) => b.events.map((e) => e.id));

async function collectUntilCaughtUp(
  iterator: AsyncIterator<ReadAllBatch>,
): Promise<ReadAllBatch[]> {
  const batches: ReadAllBatch[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) return batches;
    batches.push(next.value);
    if (next.value.caughtUp) return batches;
  }
}

describe('EventStoreDbSubscription', () => {
  it('delivers every event once, in batches, never checkpointing past an undelivered event', async () => {
    const records = [1, 2, 3, 4, 5].map((n) => at(n * 10));
    const { iterator } = subscribe(fakeSource(records), { headAtStart: async () => pos(50) });
    const batches = await collectUntilCaughtUp(iterator);

    expect(ids(batches)).toEqual(['id-10', 'id-20', 'id-30', 'id-40', 'id-50']);
    for (const [i, batch] of batches.entries()) {
      expect(batch.events.length).toBeLessThanOrEqual(2);
      const last = batch.events[batch.events.length - 1];
      if (last)
        expect(compareLogPositions(batch.checkpoint, last.position)).toBeGreaterThanOrEqual(0);
      const nextFirst = batches.slice(i + 1).flatMap((b) => b.events)[0];
      if (nextFirst) expect(compareLogPositions(batch.checkpoint, nextFirst.position)).toBe(-1);
    }
    expect(batches[batches.length - 1]).toMatchObject({ checkpoint: pos(50), caughtUp: true });
    expect(batches.slice(0, -1).every((b) => !b.caughtUp)).toBe(true);
  });

  it('checkpoints a batch at its own last event while more are queued behind it', async () => {
    const records = [1, 2, 3, 4, 5].map((n) => at(n * 10));
    const { iterator } = subscribe(fakeSource(records), { headAtStart: async () => pos(50) });
    await settle(); // the pump queues ahead of the consumer
    const first = await iterator.next();
    expect(ids([first.value])).toEqual(['id-10', 'id-20']);
    expect(first.value).toMatchObject({ checkpoint: pos(20), caughtUp: false });
  });

  it('without reaching the head, is caught up only when the server says so', async () => {
    const source = fakeSource([at(10), at(20)]);
    const { iterator } = subscribe(source, { headAtStart: async () => pos(999) });
    const delivered: ReadAllBatch[] = [];
    while (ids(delivered).length < 2) delivered.push((await iterator.next()).value);
    expect(delivered.every((b) => !b.caughtUp)).toBe(true);
    const afterSignal = iterator.next();
    expect(await within(afterSignal)).toBe('pending');
    source.emit('caughtUp');
    expect(await afterSignal).toMatchObject({ done: false, value: { events: [], caughtUp: true } });
  });

  it('tells an idle subscriber once that it is caught up, then waits for live events', async () => {
    const source = fakeSource();
    const { iterator } = subscribe(source);
    expect(await iterator.next()).toEqual({
      done: false,
      value: { events: [], checkpoint: START, caughtUp: true },
    });
    const live = iterator.next();
    expect(await within(live)).toBe('pending');
    source.write(at(70));
    expect(await live).toMatchObject({ value: { checkpoint: pos(70), caughtUp: true } });
  });

  it('starts after `after`, skips system events, and filters', async () => {
    const records = [
      at(10),
      at(20, '$ce-photo', '$>'),
      at(30, 'user-1', 'Posted'),
      at(40, 'photo-2', 'Posted'),
      at(50, '$stats', 'x'),
    ];
    const { iterator, opened } = subscribe(fakeSource(records), {
      after: pos(10),
      headAtStart: async () => pos(40),
      matches: eventFilterPredicate({ streamCategories: ['photo'] }),
    });
    const batches = await collectUntilCaughtUp(iterator);
    expect(opened).toEqual([pos(10)]);
    expect(ids(batches)).toEqual(['id-40']);
    // Past the filtered user-1 event, not past the trailing system event.
    expect(batches[batches.length - 1].checkpoint).toEqual(pos(40));
  });

  it('pulls no further than a couple of batches ahead of a slow consumer', async () => {
    const source = fakeSource(Array.from({ length: 20 }, (_, i) => at((i + 1) * 10)));
    const { iterator } = subscribe(source, { headAtStart: async () => pos(200) });
    await iterator.next();
    await settle();
    expect(source.readableLength).toBeGreaterThan(10);
  });

  it('stop() ends the iteration, including a pending next(), and unsubscribes', async () => {
    const source = fakeSource();
    const { subscription, iterator } = subscribe(source, { headAtStart: async () => pos(5) });
    const pending = iterator.next();
    await new Promise((r) => setImmediate(r));
    await subscription.stop();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(source.unsubscribed).toBe(true);
  });

  it('leaving a for-await loop stops the subscription', async () => {
    const source = fakeSource([at(10), at(20)]);
    const { subscription } = subscribe(source, { headAtStart: async () => pos(20) });
    for await (const batch of subscription) {
      expect(batch.events.length).toBeGreaterThan(0);
      break;
    }
    expect(source.unsubscribed).toBe(true);
  });

  it('hands a source error to the consumer', async () => {
    const source = fakeSource();
    const { iterator } = subscribe(source, { headAtStart: async () => pos(5) });
    const pending = iterator.next();
    await new Promise((r) => setImmediate(r));
    source.destroy(new Error('connection lost'));
    await expect(pending).rejects.toThrow('connection lost');
  });

  it('can be iterated once', () => {
    const { subscription } = subscribe(fakeSource());
    subscription[Symbol.asyncIterator]();
    expect(() => subscription[Symbol.asyncIterator]()).toThrow(/once/);
    return subscription.stop();
  });
});

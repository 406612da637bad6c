import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { EventIdConflictError, InvalidAppendError, NotSupportedError } from '../errors';
import { compareLogPositions } from '../log-position';
import type { NewEvent, ReadAllBatch } from '../types';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDbClient } from './fake-eventstoredb-client';

// The shared contract against the adapter on an in-memory fake of the client: this checks the
// adapter's own logic, not EventStoreDB (see fake-eventstoredb-client.ts for what it assumes).
describeEventStoreContract('EventStoreDB adapter on a fake client', async (options) => {
  const store = new EventStoreDbEventStore(new FakeEventStoreDbClient().asClient(), options);
  return { store, capabilities: { multiStreamAppend: false }, cleanup: () => store.close() };
});

describe('EventStoreDbEventStore (on a fake client)', () => {
  const event = (data: unknown = { n: 1 }): NewEvent => ({
    id: randomUUID(),
    type: 'Happened',
    data,
  });
  const stream = () => `things-${randomUUID().slice(0, 8)}`;

  it('refuses a multi-stream appendMany before any I/O, and takes a single stream', async () => {
    const fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore(fake.asClient());
    const two = [
      { streamId: stream(), events: [event()] },
      { streamId: stream(), events: [event()] },
    ];
    await expect(store.appendMany(two)).rejects.toBeInstanceOf(NotSupportedError);
    expect(fake.log).toHaveLength(0);
    const one = await store.appendMany([two[0]]);
    expect(one.streams).toEqual([{ streamId: two[0].streamId, revision: 0n }]);
  });

  it("refuses EventStoreDB's $ streams and metadata keys it would lose", async () => {
    const store = new EventStoreDbEventStore(new FakeEventStoreDbClient().asClient());
    await expect(store.append('$settings', [event()])).rejects.toBeInstanceOf(InvalidAppendError);
    const reserved = { ...event(), metadata: { schemaVersion: 2 } };
    await expect(store.append(stream(), [reserved])).rejects.toBeInstanceOf(InvalidAppendError);
  });

  it('finds a retried append at an exact expected revision beyond the idempotency window', async () => {
    const store = new EventStoreDbEventStore(new FakeEventStoreDbClient().asClient(), {
      idempotencyWindow: 2,
    });
    const s = stream();
    await store.append(s, [event()]);
    const retried = [event({ r: 1 }), event({ r: 2 })];
    const first = await store.append(s, retried, { expectedRevision: 0n });
    await store.append(s, [event(), event(), event()]);

    const again = await store.append(s, retried, { expectedRevision: 0n });
    expect(again).toEqual({ ...first, duplicate: true });
    const changed = [retried[0], { ...retried[1], data: { r: 3 } }];
    await expect(store.append(s, changed, { expectedRevision: 0n })).rejects.toBeInstanceOf(
      EventIdConflictError,
    );
  });

  it('documented limit: an id beyond the window with expected revision any is written again', async () => {
    const store = new EventStoreDbEventStore(new FakeEventStoreDbClient().asClient(), {
      idempotencyWindow: 1,
    });
    const s = stream();
    const old = event();
    await store.append(s, [old]);
    await store.append(s, [event()]);
    const again = await store.append(s, [old]);
    expect(again.duplicate).toBe(false);
    expect(await store.streamRevision(s)).toBe(2n);
  });

  it('readAll with a small scan limit still progresses through system events', async () => {
    const fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore(fake.asClient(), { readAllScanLimit: 3 });
    const s = stream();
    for (let i = 0; i < 4; i++) await store.append(s, [event({ i })]);
    const seen: number[] = [];
    let batch: ReadAllBatch = await store.readAll({ limit: 1 });
    for (let reads = 1; ; reads++) {
      seen.push(...batch.events.map((e) => (e.data as { i: number }).i));
      if (batch.caughtUp) break;
      expect(reads).toBeLessThan(50);
      const next = await store.readAll({ after: batch.checkpoint, limit: 1 });
      expect(compareLogPositions(next.checkpoint, batch.checkpoint)).toBeGreaterThanOrEqual(0);
      batch = next;
    }
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('close() stops the subscriptions still open', async () => {
    const store = new EventStoreDbEventStore(new FakeEventStoreDbClient().asClient());
    const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ events: [], caughtUp: true });
    const pending = iterator.next();
    await store.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('close() disposes a client it built, not one it was given', async () => {
    const fake = new FakeEventStoreDbClient();
    await new EventStoreDbEventStore(fake.asClient()).close();
    expect(fake.disposed).toBe(false);
    const owned = new EventStoreDbEventStore('esdb://127.0.0.1:1?tls=false');
    await expect(owned.close()).resolves.toBeUndefined();
  });
});

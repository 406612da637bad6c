import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store.contract';
import type { NewEvent } from '../types';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// No EventStoreDB server runs on the build machines (see ENVIRONMENT.md): this suite runs only
// against a server given by EVENTSTORE_URL, e.g. esdb://localhost:2113?tls=false (22.6+, with a
// user allowed to read $all). Streams are unique per test, so a long-lived server is fine.
const url = process.env.EVENTSTORE_URL;
const describeIfServer = url ? describe : describe.skip;
const SKIPPED = 'skipped: set EVENTSTORE_URL=esdb://... to run the EventStoreDB contract';
if (!url) console.warn(`eventstoredb-event-store.int.spec.ts ${SKIPPED}`);

describeIfServer(url ? `EventStoreDB at ${url}` : SKIPPED, () => {
  describeEventStoreContract('EventStoreDB', async (options) => {
    const store = new EventStoreDbEventStore(url!, { upcasters: options?.upcasters });
    return { store, capabilities: { multiStreamAppend: false }, cleanup: () => store.close() };
  });

  describe('what only a live server shows', () => {
    let store: EventStoreDbEventStore;
    beforeAll(() => {
      store = new EventStoreDbEventStore(url!, { idempotencyWindow: 2 });
    });
    afterAll(() => store.close());
    const event = (): NewEvent => ({ id: randomUUID(), type: 'LiveChecked', data: { n: 1 } });

    it('events of one append get distinct, increasing positions, the last one the append result', async () => {
      const result = await store.append(`esdb-${randomUUID()}`, [event(), event(), event()]);
      const [a, b, c] = result.events.map((e) => e.position);
      expect(a.tx < b.tx || (a.tx === b.tx && a.seq < b.seq)).toBe(true);
      expect(b.tx < c.tx || (b.tx === c.tx && b.seq < c.seq)).toBe(true);
      expect(result.position).toEqual(c);
    });

    it('a retry at an exact expected revision beyond the idempotency window is a duplicate', async () => {
      const s = `esdb-${randomUUID()}`;
      await store.append(s, [event()], { expectedRevision: 'noStream' });
      const retried = [event(), event()];
      const first = await store.append(s, retried, { expectedRevision: 0n });
      await store.append(s, [event(), event(), event()]);
      expect(await store.append(s, retried, { expectedRevision: 0n })).toEqual({
        ...first,
        duplicate: true,
      });
      expect(await store.streamRevision(s)).toBe(5n);
    });

    it('headPosition and readAll ignore the system events around ours', async () => {
      const result = await store.append(`esdb-${randomUUID()}`, [event()]);
      const head = await store.headPosition();
      expect(head.tx >= result.position.tx).toBe(true);
      const after = await store.readAll({
        after: result.position,
        filter: { eventTypes: ['LiveChecked'] },
      });
      expect(
        after.events.every((e) => !e.streamId.startsWith('$') && !e.type.startsWith('$')),
      ).toBe(true);
    });
  });
});

import { randomUUID } from 'node:crypto';
import {
  EventIdConflictError,
  InvalidAppendError,
  NotSupportedError,
  WrongExpectedRevisionError,
} from '../errors';
import type { EventStore } from '../event-store';
import { compareLogPositions } from '../log-position';
import type { LogPosition, NewEvent, RecordedEvent } from '../types';
import { Upcasters } from '../upcasting';

export interface ContractSubject {
  store: EventStore;
  capabilities: { multiStreamAppend: boolean };
  cleanup(): Promise<void>;
}

/** Builds a store for one test; `upcasters` must be passed to the store it builds. */
export type ContractSetup = (options?: { upcasters?: Upcasters }) => Promise<ContractSubject>;

/**
 * The behaviour every adapter of the port must have. Streams and event types are unique per test,
 * so the suite also runs against a shared server (EventStoreDB) that keeps other runs' events.
 */
export function describeEventStoreContract(adapterName: string, setup: ContractSetup): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    const extra: ContractSubject[] = [];

    beforeAll(async () => {
      subject = await setup();
      store = subject.store;
    });
    afterAll(async () => {
      await Promise.all(extra.map((s) => s.cleanup()));
      await subject?.cleanup();
    });

    const tag = () => randomUUID().replace(/-/g, '').slice(0, 12);
    const stream = (category = 'contract') => `${category}-${tag()}`;
    const event = (
      type = 'Happened',
      data: unknown = { n: 1 },
      schemaVersion?: number,
    ): NewEvent => ({
      id: randomUUID(),
      type,
      data,
      metadata: { correlationId: 'corr-1', causationId: 'cause-1', actorId: 'actor-1' },
      schemaVersion,
    });

    async function readAllAfter(
      after: LogPosition,
      filter?: { eventTypes?: string[]; streamCategories?: string[] },
    ) {
      const events: RecordedEvent[] = [];
      let checkpoint = after;
      for (;;) {
        const batch = await store.readAll({ after: checkpoint, limit: 3, filter });
        expect(compareLogPositions(batch.checkpoint, checkpoint)).toBeGreaterThanOrEqual(0);
        events.push(...batch.events);
        checkpoint = batch.checkpoint;
        // Held back: committed events wait behind an older transaction somewhere in the cluster
        // (another suite creating its database, say). A reader that wants everything reads on.
        if (batch.caughtUp && !batch.heldBack) return { events, checkpoint };
        if (batch.heldBack) await new Promise((resolve) => setImmediate(resolve));
      }
    }

    describe('append and readStream', () => {
      it('appends to a new stream and reads the events back in order, with their envelope', async () => {
        const s = stream();
        const events = [event('A', { a: 1 }), event('B', { b: 'two' }), event('C', { c: [3] })];
        const result = await store.append(s, events, { expectedRevision: 'noStream' });

        expect(result.duplicate).toBe(false);
        expect(result.events.map((e) => e.streamRevision)).toEqual([0n, 1n, 2n]);
        expect(result.streams).toEqual([{ streamId: s, revision: 2n }]);
        for (let i = 1; i < result.events.length; i++) {
          expect(
            compareLogPositions(result.events[i - 1].position, result.events[i].position),
          ).toBe(-1);
        }
        expect(result.position).toEqual(result.events[2].position);

        const read = await store.readStream(s);
        expect(read.map((e) => [e.id, e.type, e.data, e.streamRevision])).toEqual(
          events.map((e, i) => [e.id, e.type, e.data, BigInt(i)]),
        );
        expect(read[0]).toMatchObject({
          streamId: s,
          schemaVersion: 1,
          metadata: { correlationId: 'corr-1', causationId: 'cause-1', actorId: 'actor-1' },
        });
        expect(read[0].recordedAt).toBeInstanceOf(Date);
        expect(read[0].position).toEqual(result.events[0].position);
        expect(await store.streamRevision(s)).toBe(2n);
      });

      it('reads a stream backwards, from a revision, with a limit; a missing stream is empty', async () => {
        const s = stream();
        await store.append(s, [event(), event(), event(), event(), event()]);
        const revisions = (events: RecordedEvent[]) => events.map((e) => e.streamRevision);

        expect(revisions(await store.readStream(s, { fromRevision: 2n, limit: 2 }))).toEqual([
          2n,
          3n,
        ]);
        expect(revisions(await store.readStream(s, { direction: 'backwards', limit: 2 }))).toEqual([
          4n,
          3n,
        ]);
        expect(
          revisions(await store.readStream(s, { direction: 'backwards', fromRevision: 1n })),
        ).toEqual([1n, 0n]);
        expect(await store.readStream(stream())).toEqual([]);
        expect(await store.streamRevision(stream())).toBe(-1n);
      });
    });

    describe('expected revision', () => {
      it('noStream refuses an existing stream, with the actual revision, and writes nothing', async () => {
        const s = stream();
        await store.append(s, [event(), event()], { expectedRevision: 'noStream' });
        const err = await store
          .append(s, [event()], { expectedRevision: 'noStream' })
          .catch((e) => e);
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: s, expected: 'noStream', actual: 1n });
        expect(await store.streamRevision(s)).toBe(1n);
      });

      it('streamExists refuses a missing stream with actual -1', async () => {
        const s = stream();
        const err = await store
          .append(s, [event()], { expectedRevision: 'streamExists' })
          .catch((e) => e);
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: s, actual: -1n });
        await store.append(s, [event()]);
        await expect(
          store.append(s, [event()], { expectedRevision: 'streamExists' }),
        ).resolves.toMatchObject({
          streams: [{ streamId: s, revision: 1n }],
        });
      });

      it('an exact revision must be the last one', async () => {
        const s = stream();
        await store.append(s, [event()], { expectedRevision: 'noStream' });
        await store.append(s, [event()], { expectedRevision: 0n });
        const err = await store.append(s, [event()], { expectedRevision: 0n }).catch((e) => e);
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ expected: 0n, actual: 1n });
        const missing = await store
          .append(stream(), [event()], { expectedRevision: 3n })
          .catch((e) => e);
        expect(missing).toMatchObject({ actual: -1n });
        expect((await store.readStream(s)).length).toBe(2);
      });

      it('any appends whatever the stream holds', async () => {
        const s = stream();
        await store.append(s, [event()], { expectedRevision: 'any' });
        const r = await store.append(s, [event()], { expectedRevision: 'any' });
        expect(r.events[0].streamRevision).toBe(1n);
      });
    });

    describe('idempotency by event id', () => {
      it('the same events again return the original result and write nothing', async () => {
        const s = stream();
        const events = [event('A', { x: 1 }), event('B', { y: 2 })];
        const first = await store.append(s, events, { expectedRevision: 'noStream' });
        const again = await store.append(s, events, { expectedRevision: 'noStream' });
        expect(again.duplicate).toBe(true);
        expect(again.events).toEqual(first.events);
        expect(again.position).toEqual(first.position);
        expect(await store.streamRevision(s)).toBe(1n);
      });

      it('the same id with other content is refused', async () => {
        const s = stream();
        const e = event('A', { x: 1 });
        await store.append(s, [e]);
        await expect(store.append(s, [{ ...e, data: { x: 2 } }])).rejects.toBeInstanceOf(
          EventIdConflictError,
        );
        await expect(store.append(s, [{ ...e, type: 'Other' }])).rejects.toBeInstanceOf(
          EventIdConflictError,
        );
        await expect(store.append(s, [e, event()])).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await store.streamRevision(s)).toBe(0n);
      });
    });

    describe('atomicity', () => {
      it('appends several streams in one call, all or nothing', async () => {
        if (!subject.capabilities.multiStreamAppend) {
          await expect(
            store.appendMany([
              { streamId: stream(), events: [event()] },
              { streamId: stream(), events: [event()] },
            ]),
          ).rejects.toBeInstanceOf(NotSupportedError);
          return;
        }
        const [a, b, c] = [stream(), stream(), stream()];
        await store.append(c, [event()]);
        const ok = await store.appendMany([
          { streamId: a, events: [event(), event()], expectedRevision: 'noStream' },
          { streamId: b, events: [event()], expectedRevision: 'noStream' },
        ]);
        expect(ok.streams).toEqual(
          expect.arrayContaining([
            { streamId: a, revision: 1n },
            { streamId: b, revision: 0n },
          ]),
        );

        const err = await store
          .appendMany([
            { streamId: a, events: [event()], expectedRevision: 1n },
            { streamId: c, events: [event()], expectedRevision: 'noStream' },
          ])
          .catch((e) => e);
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: c, actual: 0n });
        expect(await store.streamRevision(a)).toBe(1n);
        expect(await store.streamRevision(c)).toBe(0n);
      });

      it('refuses malformed appends before writing anything', async () => {
        const s = stream();
        await expect(store.append(s, [])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append('', [event()])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(s, [{ ...event(), id: 'not-a-uuid' }])).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        const e = event();
        await expect(store.append(s, [e, e])).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.streamRevision(s)).toBe(-1n);
      });
    });

    describe('readAll', () => {
      it('returns every event after a position once, in order, across streams and pages', async () => {
        const start = await store.headPosition();
        const [a, b] = [stream(), stream()];
        const appended: string[] = [];
        for (let i = 0; i < 4; i++) {
          const ea = event();
          const eb = event();
          await store.append(a, [ea]);
          await store.append(b, [eb]);
          appended.push(ea.id, eb.id);
        }
        const { events, checkpoint } = await readAllAfter(start);
        const ours = events.filter((e) => e.streamId === a || e.streamId === b);
        expect(ours.map((e) => e.id)).toEqual(appended);
        expect(compareLogPositions(checkpoint, await store.headPosition())).toBe(0);
        expect((await store.readAll({ after: checkpoint })).events).toEqual([]);
      });

      it('filters by event type and by stream category, and the checkpoint passes what it skipped', async () => {
        const start = await store.headPosition();
        const t = tag();
        const [typeA, typeB] = [`Wanted${t}`, `Other${t}`];
        const cat = `cat${t}`;
        const inCat = stream(cat);
        await store.append(stream(), [event(typeA), event(typeB)]);
        await store.append(inCat, [event(typeB)]);
        await store.append(stream(), [event(typeB), event(typeA)]);

        const byType = await readAllAfter(start, { eventTypes: [typeA] });
        expect(byType.events.map((e) => e.type)).toEqual([typeA, typeA]);
        const byCategory = await readAllAfter(start, { streamCategories: [cat] });
        expect(byCategory.events.map((e) => e.streamId)).toEqual([inCat]);
        expect(compareLogPositions(byCategory.checkpoint, await store.headPosition())).toBe(0);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, then delivers live events, each once, until stopped', async () => {
        const start = await store.headPosition();
        const s = stream();
        const before = [event(), event()];
        await store.append(s, before);
        const subscription = store.subscribeToAll({
          after: start,
          batchSize: 1,
          filter: { streamCategories: [s.split('-')[0]] },
        });
        const seen: string[] = [];
        const later = [event(), event(), event()];
        for await (const batch of subscription) {
          seen.push(...batch.events.filter((e) => e.streamId === s).map((e) => e.id));
          if (seen.length === 2 && seen[1] === before[1].id) await store.append(s, later);
          if (seen.length === 5) await subscription.stop();
        }
        expect(seen).toEqual([...before, ...later].map((e) => e.id));
      });
    });

    describe('upcasting', () => {
      it('reads old events in their current shape', async () => {
        const upcasted = await setup({
          upcasters: new Upcasters([
            {
              type: 'Renamed',
              fromVersion: 1,
              upcast: (d) => ({ fullName: (d as { name: string }).name }),
            },
            {
              type: 'Renamed',
              fromVersion: 2,
              upcast: (d) => ({ ...(d as object), locale: 'en' }),
            },
          ]),
        });
        extra.push(upcasted);
        const s = stream();
        await upcasted.store.append(s, [
          event('Renamed', { name: 'Ana' }, 1),
          event('Renamed', { fullName: 'Ben' }, 2),
        ]);
        const read = await upcasted.store.readStream(s);
        expect(read.map((e) => [e.schemaVersion, e.data])).toEqual([
          [3, { fullName: 'Ana', locale: 'en' }],
          [3, { fullName: 'Ben', locale: 'en' }],
        ]);
      });
    });
  });
}

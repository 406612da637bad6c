import { PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import {
  CommandExecutor,
  ConcurrencyConflictError,
  IdempotencyKeyAlreadyAppliedError,
} from './command-executor';
import { loadState } from './load-state';

let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('commands');
  store = new PostgresEventStore({ connectionString: db.url, maxConnections: 4 });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

// A counter: each Incremented event adds one. Enough to exercise load → decide → append.
const counter = {
  initialState: () => 0,
  evolve: (n: number, e: { type: string; data: unknown }) => (e.type === 'Incremented' ? n + 1 : n),
};
let seq = 0;
const newStream = () => `counter-${Date.now()}-${seq++}`;

async function increment(executor: CommandExecutor, streamId: string, context = {}) {
  return executor.execute(context, async () => {
    const { state, revision } = await loadState(store, streamId, counter);
    return [
      {
        streamId,
        expectedRevision: revision < 0n ? 'noStream' : revision,
        events: [{ type: 'Incremented', data: { to: state + 1 } }],
      },
    ];
  });
}

describe('CommandExecutor', () => {
  it('appends the decision with metadata and returns the log position', async () => {
    const streamId = newStream();
    const out = await increment(new CommandExecutor(store), streamId, {
      correlationId: 'req-1',
      actorId: '42',
    });
    expect(out.changed).toBe(true);
    expect(out.position).toMatch(/^\d+-\d+$/);
    const [e] = await store.readStream(streamId);
    expect(e.metadata).toMatchObject({ correlationId: 'req-1', actorId: '42' });
  });

  it('decides again on fresh state when a concurrent writer got there first', async () => {
    const streamId = newStream();
    const executor = new CommandExecutor(store);
    let attempts = 0;
    const out = await executor.execute({}, async () => {
      attempts++;
      const { state, revision } = await loadState(store, streamId, counter);
      if (attempts === 1) await increment(executor, streamId); // someone else writes in between
      return [
        {
          streamId,
          expectedRevision: revision < 0n ? 'noStream' : revision,
          events: [{ type: 'Incremented', data: { to: state + 1 } }],
        },
      ];
    });
    expect(attempts).toBe(2);
    expect(out.changed).toBe(true);
    expect((await store.readStream(streamId)).map((e) => e.data)).toEqual([{ to: 1 }, { to: 2 }]);
  });

  it('gives up with a typed error after its attempts', async () => {
    const streamId = newStream();
    await increment(new CommandExecutor(store), streamId);
    const executor = new CommandExecutor(store, 2);
    await expect(
      executor.execute({}, async () => [
        { streamId, expectedRevision: 'noStream', events: [{ type: 'Incremented', data: {} }] },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
  });

  it('writes nothing when the decision is empty', async () => {
    const streamId = newStream();
    const out = await new CommandExecutor(store).execute({}, async () => [
      { streamId, expectedRevision: 'any', events: [] },
    ]);
    expect(out).toEqual({ changed: false, position: null, append: null });
    expect(await store.streamRevision(streamId)).toBe(-1n);
  });

  it('under one idempotency key, concurrent identical commands store their events once', async () => {
    const streamId = newStream();
    const executor = new CommandExecutor(store);
    const context = { idempotency: { scope: 'user:7', key: 'same-key' } };
    const outs = await Promise.allSettled(
      Array.from({ length: 10 }, () => increment(executor, streamId, context)),
    );
    expect(await store.streamRevision(streamId)).toBe(0n);
    // Each one either got the original result (same ids, same content: a duplicate) or, having
    // decided on the state the first one left, was told the key was already applied.
    const positions = new Set(
      outs.flatMap((o) => (o.status === 'fulfilled' ? [o.value.position] : [])),
    );
    expect(positions.size).toBe(1);
    for (const o of outs)
      if (o.status === 'rejected')
        expect(o.reason).toBeInstanceOf(IdempotencyKeyAlreadyAppliedError);
  });

  it('under one key, concurrent commands that have nothing left to do once one wrote all succeed', async () => {
    // A follow sent 8 times at once: each decision carries its own time, so the ids collide with
    // different content; decided again on the state the winner left, the rest write nothing.
    const streamId = newStream();
    const executor = new CommandExecutor(store);
    const context = { idempotency: { scope: 'user:7', key: 'claim-once' } };
    const claim = (by: number) =>
      executor.execute(context, async () => {
        const revision = await store.streamRevision(streamId);
        if (revision >= 0n) return [];
        return [
          { streamId, expectedRevision: 'noStream', events: [{ type: 'Claimed', data: { by } }] },
        ];
      });
    const outs = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => claim(i)));
    expect(outs.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await store.streamRevision(streamId)).toBe(0n);
  });
});

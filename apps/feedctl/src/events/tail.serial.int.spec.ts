import { compareLogPositions, PostgresEventStore, type LogPosition } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { tailEvents, type TailItem } from './tail-source';
import { appendOne, feedctlEnv, openAppend, startFeedctl } from './test-support';

// Serial: these tests hold a transaction open on purpose, and the read horizon is cluster-wide.

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('feedctl_tail_held');
  pool = db.pool({ max: 4 });
  store = new PostgresEventStore({ pool });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

/** The pool, telling the test when the tail's first query (its plan) has run. */
function watchedPool(): { pool: Pool; planned: Promise<void> } {
  let planned!: () => void;
  const done = new Promise<void>((resolve) => (planned = resolve));
  const watched = {
    query: async (...args: Parameters<Pool['query']>) => {
      const result = await (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
      planned();
      return result;
    },
  } as unknown as Pool;
  return { pool: watched, planned: done };
}

async function collect(items: AsyncIterable<TailItem>): Promise<TailItem[]> {
  const all: TailItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const streamsOf = (items: TailItem[]) =>
  items.flatMap((i) => ('events' in i ? i.events.map((e) => e.streamId) : []));

describe('events tail while an open transaction holds the read horizon back', () => {
  it('--no-follow --last 2: exactly the two newest committed, waited for; not what commits later', async () => {
    await appendOne(store, 'photo-1', 'PhotoPosted', {});
    const slow = await openAppend(pool, 'photo-slow-1');
    await appendOne(store, 'photo-2', 'PhotoPosted', {}); // committed, but not readable yet
    await appendOne(store, 'photo-3', 'PhotoPosted', {});

    const watched = watchedPool();
    const tail = collect(
      tailEvents(
        store,
        watched.pool,
        {},
        { last: 2 },
        {
          follow: false,
          signal: new AbortController().signal,
          // Other work on the cluster may hold the horizon back too: wait for it, however long.
          heldBackWaitMs: 50_000,
        },
      ),
    );
    await watched.planned;
    await slow.commit(); // sorts before photo-2, but was not there when the tail started

    expect(streamsOf(await tail)).toEqual(['photo-2', 'photo-3']);
  });

  it('--no-follow gives up waiting after a while, and says where it stopped', async () => {
    const before = await appendOne(store, 'photo-4', 'PhotoPosted', {});
    const slow = await openAppend(pool, 'photo-slow-2');
    await appendOne(store, 'photo-5', 'PhotoPosted', {});
    try {
      const items = await collect(
        tailEvents(
          store,
          pool,
          {},
          { last: 1 },
          {
            follow: false,
            signal: new AbortController().signal,
            heldBackWaitMs: 50,
          },
        ),
      );
      expect(streamsOf(items)).toEqual([]);
      const held = items.find((i): i is { heldBack: LogPosition } => 'heldBack' in i);
      // Where the horizon was: after photo-4 at best (other work on the cluster may hold it
      // further back), but short of photo-5, which the open append holds back.
      expect(held).toBeDefined();
      expect(compareLogPositions(held!.heldBack, before.position)).toBeLessThanOrEqual(0);
    } finally {
      await slow.commit();
    }
  });

  it('following --last 1: the held-back newest once, and a late commit that sorts before it', async () => {
    await appendOne(store, 'photo-6', 'PhotoPosted', {});
    const slow = await openAppend(pool, 'photo-slow-3');
    await appendOne(store, 'photo-7', 'PhotoPosted', {}); // the last one: to print, not readable yet

    const running = startFeedctl(['events', 'tail', '--last', '1'], feedctlEnv(db));
    await running.stderr.waitFor((t) => t.includes('following the log after'), 'going live');
    await slow.commit();
    await running.stdout.waitFor((t) => t.includes('photo-7 '), 'the held-back event');
    running.interrupt();
    expect(await running.finished).toBe(0);

    // photo-slow-3 sorts before photo-7 and was committed after the tail started: new, so shown.
    // photo-6 and earlier were committed before and are not among the last 1: not shown.
    expect(running.stdout.lines.map((l) => l.split(/ +/)[2])).toEqual(['photo-slow-3', 'photo-7']);
  });
});

import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type LogPosition } from '@photofeed/event-store';
import { createTestDatabase, testKeyPrefix, type TestDatabase } from '@photofeed/testing';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { PostgresProjection } from '../projection';
import { ProjectionRunner } from '../projection-runner';
import {
  appendSpread,
  countingProjection,
  countingRows,
  createCountingTable,
  deleteKeysUnder,
  membersProjection,
  redisSnapshot,
  testPool,
  untilVisible,
} from '../testing/fixture-projections';
import { rebuildProjections, RebuildLockedError } from './rebuild-projections';

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let redis: Redis;
const prefix = testKeyPrefix('rebuild');

beforeAll(async () => {
  db = await createTestDatabase('rebuild');
  pool = testPool(db, { max: 12 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url });
  redis = new Redis(process.env.REDIS_URL!);
});
afterAll(async () => {
  await deleteKeysUnder(redis, prefix);
  redis.disconnect();
  await store.close();
  await db.drop();
});

/** What an uninterrupted live runner makes of the same log: the reference for every rebuild. */
async function liveRun(table: string, category: string, head: LogPosition): Promise<unknown[]> {
  await createCountingTable(pool, table);
  const runner = new ProjectionRunner({
    store,
    pool,
    projection: countingProjection(table, table, { streamCategories: [category] }),
    batchSize: 7,
    registry: new Registry(),
  });
  await runner.start();
  await runner.waitFor(head, 15_000);
  await runner.stop();
  return countingRows(pool, table);
}

it('fills several views from one read of the log, each with its own filter', async () => {
  await appendSpread(store, 'alpha', 230);
  await appendSpread(store, 'beta', 170);
  const head = await appendSpread(store, 'noise', 50);
  await untilVisible(store, head);
  const expectedAlpha = await liveRun('alpha_live', 'alpha', head);

  await createCountingTable(pool, 'alpha_rebuilt');
  const members = membersProjection('beta-members', redis, `${prefix}beta:`, {
    streamCategories: ['beta'],
  });
  const result = await rebuildProjections({
    store,
    batchSize: 64,
    targets: [
      {
        projection: countingProjection('alpha_rebuilt', 'alpha_rebuilt', {
          streamCategories: ['alpha'],
        }),
        pool,
      },
      { projection: members, pool },
    ],
  });

  expect(result.completed).toBe(true);
  expect(await countingRows(pool, 'alpha_rebuilt')).toEqual(expectedAlpha);
  const snapshot = await redisSnapshot(redis, `${prefix}beta:`);
  const betaIds = await pool.query<{ id: string }>(
    "SELECT event_id::text AS id FROM events WHERE stream_id LIKE 'beta-%'",
  );
  // `order` holds id, score pairs: every beta event once.
  const order = snapshot.get('order') as string[];
  expect(new Set(order.filter((_, i) => i % 2 === 0))).toEqual(
    new Set(betaIds.rows.map((r) => r.id)),
  );
  expect(order.length).toBe(2 * 170);
  // One shared read: the log was read once, not once per view.
  const total = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  expect(result.eventsRead).toBe(total.rows[0].n);
  expect(result.checkpoints.get('alpha_rebuilt')).toEqual(head);
});

it('stops at the signal and resumes where it stopped: the view ends as an uninterrupted one', async () => {
  const head = await appendSpread(store, 'gamma', 600, { perAppend: 3 });
  await untilVisible(store, head);
  const expected = await liveRun('gamma_live', 'gamma', head);
  await createCountingTable(pool, 'gamma_rebuilt');
  const target = () => ({
    projection: countingProjection('gamma_rebuilt', 'gamma_rebuilt', {
      streamCategories: ['gamma'],
    }),
    pool,
  });

  const abort = new AbortController();
  let batches = 0;
  const first = await rebuildProjections({
    store,
    batchSize: 50,
    targets: [target()],
    signal: abort.signal,
    onProgress: () => {
      if (++batches === 12) abort.abort(); // the 450 events of the earlier tests, and 150 of gamma's
    },
  });
  expect(first.completed).toBe(false);
  const rowsMidway = (await countingRows(pool, 'gamma_rebuilt')) as { n: number }[];
  expect(rowsMidway.reduce((t, r) => t + r.n, 0)).toBe(150);

  const second = await rebuildProjections({ store, batchSize: 50, targets: [target()] });
  expect(second.completed).toBe(true);
  // It read on from the checkpoint, not from the start: together, the log once.
  const total = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  expect(first.eventsRead).toBe(600);
  expect(first.eventsRead + second.eventsRead).toBe(total.rows[0].n);
  expect(await countingRows(pool, 'gamma_rebuilt')).toEqual(expected);
});

it('fills a scratch copy exactly up to a position and no further', async () => {
  await appendSpread(store, 'delta', 90);
  const middle = await appendSpread(store, 'delta', 40);
  const head = await appendSpread(store, 'delta', 70);
  await untilVisible(store, head);
  await createCountingTable(pool, 'delta_scratch');
  const result = await rebuildProjections({
    store,
    batchSize: 25,
    targets: [
      {
        projection: countingProjection('delta_scratch', 'delta_scratch', {
          streamCategories: ['delta'],
        }),
        pool,
        until: middle,
      },
    ],
  });
  expect(result.checkpoints.get('delta_scratch')).toEqual(middle);
  const rows = (await countingRows(pool, 'delta_scratch')) as { n: number }[];
  expect(rows.reduce((t, r) => t + r.n, 0)).toBe(130);
});

it('refuses a projection another process holds', async () => {
  await createCountingTable(pool, 'held_counts');
  const projection = countingProjection('held_counts', 'held_counts');
  const runner = new ProjectionRunner({ store, pool, projection, registry: new Registry() });
  await runner.start();
  try {
    await expect(
      rebuildProjections({ store, targets: [{ projection, pool }] }),
    ).rejects.toBeInstanceOf(RebuildLockedError);
  } finally {
    await runner.stop();
  }
});

it('parks an event that keeps failing and goes on', async () => {
  await pool.query('CREATE TABLE poison_rows (id text PRIMARY KEY)');
  await appendSpread(store, 'poison', 20);
  const bad = randomUUID();
  await store.append('poison-x', [{ id: bad, type: 'Noted', data: { poison: true } }]);
  const head = await appendSpread(store, 'poison', 20);
  await untilVisible(store, head);
  const projection: PostgresProjection = {
    name: 'poison_rows',
    version: 2,
    filter: { streamCategories: ['poison'] },
    async handle(events, tx) {
      for (const e of events) {
        if ((e.data as { poison?: boolean }).poison) throw new Error('cannot read this event');
        await tx.query('INSERT INTO poison_rows (id) VALUES ($1)', [e.id]);
      }
    },
  };
  const result = await rebuildProjections({
    store,
    batchSize: 16,
    retry: { attempts: 2, baseDelayMs: 1 },
    targets: [{ projection, pool }],
  });
  expect(result.completed).toBe(true);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM poison_rows');
  expect(rows[0].n).toBe(40);
  const parked = await pool.query(
    "SELECT event_id::text AS id, error FROM projection_parked WHERE name = 'poison_rows'",
  );
  expect(parked.rows).toEqual([{ id: bad, error: expect.stringContaining('cannot read') }]);
});

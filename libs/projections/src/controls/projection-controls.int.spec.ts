import { PostgresEventStore, START } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { ProjectionRunner } from '../projection-runner';
import { readProjectionStatuses } from '../status/read-projection-statuses';
import {
  appendSpread,
  countingProjection,
  countingRows,
  createCountingTable,
  testPool,
} from '../testing/fixture-projections';
import { resetCheckpoint, setPaused } from './projection-controls';

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
const runners: ProjectionRunner[] = [];

beforeAll(async () => {
  db = await createTestDatabase('controls');
  pool = testPool(db, { max: 12 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 50 });
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

const WAIT_MS = 15_000;

async function startCounting(table: string): Promise<ProjectionRunner> {
  await createCountingTable(pool, table);
  const runner = new ProjectionRunner({
    store,
    pool,
    projection: countingProjection(table, table, { streamCategories: [table] }),
    batchSize: 10,
    standbyPollMs: 20,
    controlPollMs: 20,
    registry: new Registry(),
  });
  runners.push(runner);
  await runner.start();
  return runner;
}

async function storedState(name: string) {
  const statuses = await readProjectionStatuses(pool);
  return statuses.projections.find((s) => s.name === name);
}

it('pauses an idle live runner: new events wait, the lock stays, resume catches up', async () => {
  const first = await appendSpread(store, 'paused_counts', 20);
  const runner = await startCounting('paused_counts');
  await runner.waitFor(first, WAIT_MS);
  const before = await countingRows(pool, 'paused_counts');

  expect(await setPaused(pool, { name: 'paused_counts', version: 1 }, true)).toBe(true);
  expect(runner.status().state).toBe('paused');
  expect(await storedState('paused_counts')).toMatchObject({ state: 'paused', lockHeld: true });

  const more = await appendSpread(store, 'paused_counts', 30);
  // The runner would have applied these long before a second poll of the pause flag.
  await expect(runner.waitFor(more, 300)).rejects.toThrow('did not reach');
  expect(await countingRows(pool, 'paused_counts')).toEqual(before);

  await setPaused(pool, { name: 'paused_counts', version: 1 }, false);
  await runner.waitFor(more, WAIT_MS);
  const rows = (await countingRows(pool, 'paused_counts')) as { n: number }[];
  expect(rows.reduce((t, r) => t + r.n, 0)).toBe(50);
  expect((await storedState('paused_counts'))?.state).not.toBe('paused');
});

it('pauses a runner in the middle of catching up, after the batch it is applying', async () => {
  const last = await appendSpread(store, 'busy_counts', 400, { perAppend: 1 });
  const runner = await startCounting('busy_counts');
  await setPaused(pool, { name: 'busy_counts', version: 1 }, true);
  const at = runner.status().checkpoint;
  const rows = (await countingRows(pool, 'busy_counts')) as { n: number }[];
  // Rows and checkpoint agree while paused: every event up to the checkpoint, nothing after it.
  const { rows: upTo } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'busy_counts-%'
        AND (transaction_id, global_position) <= ($1::text::xid8, $2::bigint)`,
    [at!.tx.toString(), at!.seq.toString()],
  );
  expect(rows.reduce((t, r) => t + r.n, 0)).toBe(upTo[0].n);
  // And it stays there while paused.
  await expect(runner.waitFor(last, 200)).rejects.toThrow('did not reach');
  expect(runner.status().checkpoint).toEqual(at);
  await setPaused(pool, { name: 'busy_counts', version: 1 }, false);
  await runner.waitFor(last, WAIT_MS);
  const done = (await countingRows(pool, 'busy_counts')) as { n: number }[];
  expect(done.reduce((t, r) => t + r.n, 0)).toBe(400);
});

it('resets a paused projection: resumed, it goes on from the new checkpoint', async () => {
  const last = await appendSpread(store, 'reset_counts', 25);
  const runner = await startCounting('reset_counts');
  await runner.waitFor(last, WAIT_MS);
  const key = { name: 'reset_counts', version: 1 };

  await expect(resetCheckpoint(pool, key, START)).rejects.toThrow('must be paused');
  await setPaused(pool, key, true);
  await resetCheckpoint(pool, key, START);
  await setPaused(pool, key, false);
  // The counting view is not idempotent on purpose: every event counted twice shows the replay.
  await runner.waitFor(last, WAIT_MS);
  const deadline = Date.now() + WAIT_MS;
  let total = 0;
  while (total !== 50 && Date.now() < deadline) {
    const rows = (await countingRows(pool, 'reset_counts')) as { n: number }[];
    total = rows.reduce((t, r) => t + r.n, 0);
  }
  expect(total).toBe(50);
});

it('pausing a projection nobody runs takes effect when a runner claims it', async () => {
  const last = await appendSpread(store, 'cold_counts', 10);
  const runner = await startCounting('cold_counts');
  await runner.waitFor(last, WAIT_MS);
  await runner.stop();
  const key = { name: 'cold_counts', version: 1 };
  await setPaused(pool, key, true);
  const again = new ProjectionRunner({
    store,
    pool,
    projection: countingProjection('cold_counts', 'cold_counts', {
      streamCategories: ['cold_counts'],
    }),
    controlPollMs: 20,
    registry: new Registry(),
  });
  runners.push(again);
  await again.start();
  expect(again.status().state).toBe('paused');
  expect(await setPaused(pool, { name: 'no_such_projection', version: 1 }, true)).toBe(false);
});

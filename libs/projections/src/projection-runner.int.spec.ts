import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type LogPosition, type RecordedEvent } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool, PoolClient } from 'pg';
import { Registry } from 'prom-client';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { testPool } from './testing/fixture-projections';

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
const runners: ProjectionRunner[] = [];

beforeAll(async () => {
  db = await createTestDatabase('projections');
  pool = testPool(db, { max: 12 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 100 });
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

const WAIT_MS = 15_000;

/** Counts events per stream into a table of its own; `poison` events make it throw. */
async function countingProjection(
  name: string,
  hooks: { before?: (events: RecordedEvent[], tx: PoolClient) => Promise<void> } = {},
): Promise<Projection> {
  await pool.query(`CREATE TABLE ${name} (stream_id text PRIMARY KEY, n int NOT NULL)`);
  return {
    name,
    version: 1,
    filter: { streamCategories: [name] },
    async handle(events, tx) {
      await hooks.before?.(events, tx);
      for (const e of events) {
        if ((e.data as { poison?: boolean }).poison) throw new Error(`poison ${e.id}`);
        await tx.query(
          `INSERT INTO ${name} (stream_id, n) VALUES ($1, 1)
           ON CONFLICT (stream_id) DO UPDATE SET n = ${name}.n + 1`,
          [e.streamId],
        );
      }
    },
  };
}

/** Appends `count` events spread over a few streams, a few per append; returns expected counts. */
async function appendEvents(
  category: string,
  count: number,
  expected: Map<string, number> = new Map(),
): Promise<{ expected: Map<string, number>; positions: LogPosition[] }> {
  const positions: LogPosition[] = [];
  for (let i = 0; i < count; i += 3) {
    const streamId = `${category}-${i % 4}`;
    const n = Math.min(3, count - i);
    const events = Array.from({ length: n }, () => ({
      id: randomUUID(),
      type: 'Counted',
      data: {},
    }));
    const result = await store.append(streamId, events);
    positions.push(...result.events.map((e) => e.position));
    expected.set(streamId, (expected.get(streamId) ?? 0) + n);
  }
  return { expected, positions };
}

async function counts(table: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ stream_id: string; n: number }>(
    `SELECT stream_id, n FROM ${table}`,
  );
  return new Map(rows.map((r) => [r.stream_id, r.n]));
}

function runner(projection: Projection, batchSize = 10): ProjectionRunner {
  const r = new ProjectionRunner({
    store,
    pool,
    projection,
    batchSize,
    retry: { attempts: 2, baseDelayMs: 1 },
    standbyPollMs: 20,
    registry: new Registry(),
  });
  runners.push(r);
  return r;
}

it('catches up, then follows live appends, with exact counts', async () => {
  const projection = await countingProjection('live_counts');
  const first = await appendEvents('live_counts', 45);
  const r = runner(projection);
  await r.start();
  await r.waitFor(first.positions.at(-1)!, WAIT_MS);
  expect(await counts('live_counts')).toEqual(first.expected);

  const more = await appendEvents('live_counts', 7, first.expected);
  await r.waitFor(more.positions.at(-1)!, WAIT_MS);
  expect(await counts('live_counts')).toEqual(more.expected);
  expect(r.status()).toMatchObject({ state: 'live', parked: 0 });
});

it('rolls back the rows of a failed attempt with its checkpoint: no double counting', async () => {
  let failures = 0;
  const projection = await countingProjection('atomic_counts', {
    async before(events, tx) {
      if (failures > 0) return;
      failures++;
      // Write the rows, then fail: they must not outlive the rollback.
      for (const e of events)
        await tx.query(
          `INSERT INTO atomic_counts (stream_id, n) VALUES ($1, 1000)
                        ON CONFLICT (stream_id) DO UPDATE SET n = atomic_counts.n + 1000`,
          [e.streamId],
        );
      throw new Error('transient');
    },
  });
  const { expected, positions } = await appendEvents('atomic_counts', 20);
  const r = runner(projection);
  await r.start();
  await r.waitFor(positions.at(-1)!, WAIT_MS);
  expect(failures).toBe(1);
  expect(await counts('atomic_counts')).toEqual(expected);
  expect(r.status().parked).toBe(0);
});

it('restarts from its checkpoint: a new runner ends as an uninterrupted run would', async () => {
  let batches = 0;
  let reachedThird!: () => void;
  const third = new Promise<void>((resolve) => (reachedThird = resolve));
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const projection = await countingProjection('restart_counts', {
    async before() {
      if (++batches === 3) {
        reachedThird();
        await gate;
      }
    },
  });
  const { expected, positions } = await appendEvents('restart_counts', 60);
  const first = runner(projection);
  await first.start();
  await third;
  const stopping = first.stop();
  openGate();
  await stopping;
  const stoppedAt = first.status().checkpoint!;
  expect(stoppedAt.seq).toBeLessThan(positions.at(-1)!.seq);

  const second = runner(projection);
  await second.start();
  await second.waitFor(positions.at(-1)!, WAIT_MS);
  expect(await counts('restart_counts')).toEqual(expected);
});

it('keeps one active runner; the standby takes over when it stops', async () => {
  const projection = await countingProjection('takeover_counts');
  const before = await appendEvents('takeover_counts', 30);
  const active = runner(projection);
  const standby = runner(projection);
  await active.start();
  await standby.start();
  expect(standby.status().state).toBe('standby');
  await active.waitFor(before.positions.at(-1)!, WAIT_MS);
  expect(active.status().state).toBe('live');
  expect(standby.status().state).toBe('standby');

  await active.stop();
  const after = await appendEvents('takeover_counts', 12, before.expected);
  await standby.waitFor(after.positions.at(-1)!, WAIT_MS);
  expect(standby.status().state).toBe('live');
  expect(await counts('takeover_counts')).toEqual(after.expected);
});

it('parks an event that always fails, with its error, and goes on', async () => {
  const projection = await countingProjection('poison_counts');
  const before = await appendEvents('poison_counts', 8);
  const poisonId = randomUUID();
  await store.append('poison_counts-0', [
    { id: poisonId, type: 'Counted', data: { poison: true } },
  ]);
  const after = await appendEvents('poison_counts', 9, before.expected);
  const r = runner(projection);
  await r.start();
  await r.waitFor(after.positions.at(-1)!, WAIT_MS);

  expect(await counts('poison_counts')).toEqual(after.expected);
  const { rows } = await pool.query(
    `SELECT event_id, error, attempts FROM projection_parked WHERE name = 'poison_counts'`,
  );
  expect(rows).toEqual([
    { event_id: poisonId, error: expect.stringContaining(`poison ${poisonId}`), attempts: 2 },
  ]);
  expect(r.status().parked).toBe(1);
});

it('does not commit over a checkpoint another runner moved (fenced), and resumes from it', async () => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const projection = await countingProjection('fenced_counts');
  const before = await appendEvents('fenced_counts', 9);
  const r = runner(projection);
  await r.start();
  await r.waitFor(before.positions.at(-1)!, WAIT_MS);
  // As if a runner that took over had already projected everything up to a far position.
  const claimed = { tx: 2n ** 62n, seq: 0n };
  await pool.query(
    `UPDATE projection_checkpoints SET tx = $1, seq = 0 WHERE name = 'fenced_counts'`,
    [claimed.tx.toString()],
  );
  await appendEvents('fenced_counts', 6);
  await r.waitFor(claimed, WAIT_MS);
  expect(await counts('fenced_counts')).toEqual(before.expected);
  expect(quiet).toHaveBeenCalled();
  quiet.mockRestore();
});

it('reports position, processed events, parked count and lag as Prometheus metrics', async () => {
  const projection = await countingProjection('metric_counts');
  const { positions } = await appendEvents('metric_counts', 12);
  const registry = new Registry();
  const r = new ProjectionRunner({ store, pool, projection, batchSize: 5, registry });
  runners.push(r);
  await r.start();
  await r.waitFor(positions.at(-1)!, WAIT_MS);
  const labels = '{projection="metric_counts",version="1"}';
  const text = await registry.metrics();
  expect(text).toContain(`projection_events_processed_total${labels} 12`);
  expect(text).toContain(`projection_parked_events${labels} 0`);
  expect(text).toContain(`projection_lag_events${labels} 0`);
  const position = Number(r.status().checkpoint!.seq);
  expect(text).toContain(`projection_position${labels} ${position}`);
});

import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { PostgresProjection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { appendSpread, untilVisible, testPool } from './testing/fixture-projections';

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('proj_metrics');
  pool = testPool(db, { max: 8 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 100 });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

async function scrape(registry: Registry, name: string): Promise<Map<string, number>> {
  const metrics = await registry.getMetricsAsJSON();
  const metric = metrics.find((m) => m.name === name);
  const values = new Map<string, number>();
  for (const v of (metric?.values ?? []) as { labels: Record<string, string>; value: number }[])
    values.set(`${v.labels.projection} v${v.labels.version}`, v.value);
  return values;
}

async function value(registry: Registry, name: string, projection: string): Promise<number> {
  const v = (await scrape(registry, name)).get(`${projection} v1`);
  if (v === undefined) throw new Error(`${name} has no value for ${projection}`);
  return v;
}

it('moves position, lag (events and seconds), rate, parked and active as the runner works', async () => {
  const registry = new Registry();
  let batches = 0;
  let blocked!: () => void;
  const reachedGate = new Promise<void>((resolve) => (blocked = resolve));
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const projection: PostgresProjection = {
    name: 'metered',
    version: 1,
    filter: { streamCategories: ['metered'] },
    async handle(events) {
      if (++batches === 3) {
        blocked();
        await gate;
      }
      if (events.some((e) => (e.data as { poison?: boolean }).poison)) throw new Error('poison');
    },
  };
  const head = await appendSpread(store, 'metered', 30, { streams: 2, perAppend: 5 });
  await untilVisible(store, head);
  const r = new ProjectionRunner({
    store,
    pool,
    projection,
    batchSize: 5,
    retry: { attempts: 1, baseDelayMs: 1 },
    registry,
  });
  await r.start();
  await reachedGate;

  // Two batches of five committed, the third blocked: behind, and measurably so.
  const checkpoint = r.status().checkpoint!;
  expect(await value(registry, 'projection_active', 'metered')).toBe(1);
  expect(await value(registry, 'projection_position', 'metered')).toBe(Number(checkpoint.seq));
  expect(await value(registry, 'projection_events_processed_total', 'metered')).toBe(10);
  expect(await value(registry, 'projection_lag_events', 'metered')).toBe(
    Number(head.seq - checkpoint.seq),
  );
  // Computed at scrape time from the last applied event's age, so it grows while stuck.
  const { rows } = await pool.query<{ at: Date }>(
    'SELECT recorded_at AS at FROM events WHERE transaction_id = $1::text::xid8 AND global_position = $2',
    [checkpoint.tx.toString(), checkpoint.seq.toString()],
  );
  const before = Date.now();
  const lagSeconds = await value(registry, 'projection_lag_seconds', 'metered');
  const after = Date.now();
  expect(lagSeconds).toBeGreaterThan(0);
  expect(lagSeconds).toBeGreaterThanOrEqual((before - rows[0].at.getTime()) / 1000);
  expect(lagSeconds).toBeLessThanOrEqual((after - rows[0].at.getTime()) / 1000);
  expect(await value(registry, 'projection_events_per_second', 'metered')).toBeGreaterThan(0);
  expect(await value(registry, 'projection_parked_events', 'metered')).toBe(0);

  open();
  await r.waitFor(head, 15_000);
  expect(await value(registry, 'projection_lag_events', 'metered')).toBe(0);
  expect(await value(registry, 'projection_lag_seconds', 'metered')).toBe(0);
  expect(await value(registry, 'projection_position', 'metered')).toBe(Number(head.seq));

  const poisoned = await store.append('metered-0', [
    { id: randomUUID(), type: 'Noted', data: { poison: true } },
  ]);
  await r.waitFor(poisoned.position, 15_000);
  expect(await value(registry, 'projection_parked_events', 'metered')).toBe(1);
  expect(await value(registry, 'projection_events_processed_total', 'metered')).toBe(31);

  await r.stop();
  expect(await value(registry, 'projection_active', 'metered')).toBe(0);
});

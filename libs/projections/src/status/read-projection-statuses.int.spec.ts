import { PostgresEventStore, type LogPosition } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { PostgresProjection } from '../projection';
import { ProjectionRunner } from '../projection-runner';
import { appendSpread, untilVisible, testPool } from '../testing/fixture-projections';
import { readProjectionStatuses, type StoredProjectionStatus } from './read-projection-statuses';

let logDb: TestDatabase;
let viewDb: TestDatabase;
let logPool: Pool;
let viewPool: Pool;
let store: PostgresEventStore;
const runners: ProjectionRunner[] = [];
const gates: (() => void)[] = [];

beforeAll(async () => {
  [logDb, viewDb] = await Promise.all([
    createTestDatabase('status_log'),
    createTestDatabase('status_view'),
  ]);
  logPool = testPool(logDb, { max: 8 });
  viewPool = testPool(viewDb, { max: 8 });
  store = new PostgresEventStore({
    pool: logPool,
    listenConnectionString: logDb.url,
    pollIntervalMs: 100,
  });
});
afterEach(async () => {
  gates.splice(0).forEach((open) => open()); // a failed test must not leave a runner blocked
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await store.close();
  await Promise.all([logDb.drop(), viewDb.drop()]);
});

/** A projection that blocks in its `blockAt`-th batch until the gate opens. */
function gatedProjection(name: string, blockAt: number) {
  let batches = 0;
  let blocked!: () => void;
  const reachedGate = new Promise<void>((resolve) => (blocked = resolve));
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  gates.push(open);
  const projection: PostgresProjection = {
    name,
    version: 1,
    filter: { streamCategories: [name] },
    async handle() {
      if (++batches === blockAt) {
        blocked();
        await gate;
      }
    },
  };
  return { projection, reachedGate, open };
}

async function eventAt(position: LogPosition): Promise<{ recorded_at: Date }> {
  const { rows } = await logPool.query<{ recorded_at: Date }>(
    'SELECT recorded_at FROM events WHERE transaction_id = $1::text::xid8 AND global_position = $2',
    [position.tx.toString(), position.seq.toString()],
  );
  return rows[0];
}

function find(list: StoredProjectionStatus[], name: string): StoredProjectionStatus {
  const found = list.find((s) => s.name === name);
  if (!found) throw new Error(`no status for ${name}`);
  return found;
}

it('reports what the active runner is doing, with lag against the log head, from a view database of its own', async () => {
  const { projection, reachedGate, open } = gatedProjection('status_counts', 3);
  const head = await appendSpread(store, 'status_counts', 60, { streams: 3, perAppend: 5 });
  await untilVisible(store, head);
  const r = new ProjectionRunner({
    store,
    pool: viewPool,
    projection,
    batchSize: 10,
    holder: 'projector-test:4242',
    registry: new Registry(),
  });
  runners.push(r);
  await r.start();
  await reachedGate;

  // Mid catch-up: two batches committed, the third blocked.
  const during = await readProjectionStatuses(viewPool, logPool);
  expect(during.head).toEqual({ position: head, recordedAt: (await eventAt(head)).recorded_at });
  const mid = find(during.projections, 'status_counts');
  const checkpoint = r.status().checkpoint!;
  const checkpointAt = (await eventAt(checkpoint)).recorded_at;
  expect(mid).toMatchObject({
    version: 1,
    checkpoint,
    state: 'catching-up',
    heldBy: 'projector-test:4242',
    lockHeld: true,
    lastEventAt: checkpointAt,
    parked: 0,
    lagEvents: Number(head.seq - checkpoint.seq),
    lagSeconds: (during.head!.recordedAt.getTime() - checkpointAt.getTime()) / 1000,
  });
  expect(mid.lagEvents).toBeGreaterThan(0);
  expect(mid.eventsPerSecond).toBeGreaterThan(0); // the second batch reported the first one's

  open();
  await r.waitFor(head, 15_000);
  const after = find(
    (await readProjectionStatuses(viewPool, logPool)).projections,
    'status_counts',
  );
  expect(after).toMatchObject({
    checkpoint: head,
    state: 'live',
    lockHeld: true,
    lastEventAt: (await eventAt(head)).recorded_at,
    lagEvents: 0,
    lagSeconds: 0,
  });
  expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(mid.updatedAt.getTime());

  await r.stop();
  const stopped = find(
    (await readProjectionStatuses(viewPool, logPool)).projections,
    'status_counts',
  );
  expect(stopped).toMatchObject({
    checkpoint: head,
    state: 'stopped',
    heldBy: 'projector-test:4242',
    lockHeld: false,
    eventsPerSecond: 0,
  });
});

it('reports a projection that took over at the head as live, and one never started as absent', async () => {
  const name = 'status_idle';
  const head = await appendSpread(store, name, 5, { streams: 1, perAppend: 5 });
  const first = new ProjectionRunner({
    store,
    pool: viewPool,
    projection: gatedProjection(name, 99).projection,
    holder: 'first:1',
    registry: new Registry(),
  });
  runners.push(first);
  await first.start();
  await first.waitFor(head, 15_000);
  await first.stop();

  const second = new ProjectionRunner({
    store,
    pool: viewPool,
    projection: gatedProjection(name, 99).projection,
    holder: 'second:2',
    registry: new Registry(),
  });
  runners.push(second);
  await second.start();
  await second.waitFor(head, 15_000);
  expect(second.status().state).toBe('live');
  const report = await readProjectionStatuses(viewPool, logPool);
  // The log's head may be past `head` (other tests), but a filtered projection caught up there
  // has its checkpoint at that head too.
  expect(find(report.projections, name)).toMatchObject({
    state: 'live',
    heldBy: 'second:2',
    lockHeld: true,
    checkpoint: report.head!.position,
    lagEvents: 0,
    lagSeconds: 0,
  });
  expect(report.projections.map((p) => p.name)).not.toContain('never_started');
});

it('measures a projection still at the start of the log from the first event', async () => {
  await viewPool.query(
    `INSERT INTO projection_checkpoints (name, version, tx, seq) VALUES ('status_fresh', 1, 0, 0)`,
  );
  const report = await readProjectionStatuses(viewPool, logPool);
  const { rows } = await logPool.query<{ recorded_at: Date }>(
    'SELECT recorded_at FROM events ORDER BY transaction_id, global_position LIMIT 1',
  );
  const fresh = find(report.projections, 'status_fresh');
  expect(fresh).toMatchObject({ state: 'stopped', heldBy: null, lockHeld: false });
  expect(fresh.lagSeconds).toBe(
    (report.head!.recordedAt.getTime() - rows[0].recorded_at.getTime()) / 1000,
  );
  expect(fresh.lagEvents).toBe(Number(report.head!.position.seq));
});

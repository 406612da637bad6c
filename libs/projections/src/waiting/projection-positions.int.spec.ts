import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type LogPosition } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { PostgresProjection } from '../projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../projection-runner';
import { appendSpread, testPool } from '../testing/fixture-projections';
import { ProjectionPositions } from './projection-positions';

let logDb: TestDatabase;
let otherDb: TestDatabase;
let runnerPool: Pool;
let otherPool: Pool;
let store: PostgresEventStore;
const runners: ProjectionRunner[] = [];
const gates: (() => void)[] = [];
const closing: ProjectionPositions[] = [];
/** Polling so rare that a wait which resolves can only have been woken by a NOTIFY. */
const NO_POLL = 600_000;

beforeAll(async () => {
  [logDb, otherDb] = await Promise.all([
    createTestDatabase('positions'),
    createTestDatabase('positions_other'),
  ]);
  runnerPool = testPool(logDb, { max: 8 });
  otherPool = testPool(otherDb, { max: 4 });
  store = new PostgresEventStore({
    pool: runnerPool,
    listenConnectionString: logDb.url,
    pollIntervalMs: 100,
  });
});
afterEach(async () => {
  gates.splice(0).forEach((open) => open()); // a failed test must not leave a runner blocked
  await Promise.all(closing.splice(0).map((p) => p.close()));
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await store.close();
  await Promise.all([logDb.drop(), otherDb.drop()]);
});

/** Blocks its first batch until `open()`: the wait surely starts while the view is behind. */
function gated(name: string) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  gates.push(open);
  const projection: PostgresProjection = {
    name,
    version: 1,
    filter: { streamCategories: [name] },
    async handle() {
      await gate;
    },
  };
  return { projection, open };
}

function runner(
  projection: PostgresProjection,
  options: Partial<ProjectionRunnerOptions> = {},
): ProjectionRunner {
  const r = new ProjectionRunner({
    store,
    pool: runnerPool,
    projection,
    batchSize: 10,
    registry: new Registry(),
    ...options,
  });
  runners.push(r);
  return r;
}

/** The api side: a pool of its own, whose checkpoint reads are counted. */
function positions(list: { name: string; pool?: Pool; url?: string }[], pollIntervalMs = NO_POLL) {
  const pool = testPool(logDb, { max: 4 });
  const reads = jest.spyOn(pool, 'query');
  const p = new ProjectionPositions(
    list.map((e) => ({
      name: e.name,
      version: 1,
      pool: e.pool ?? pool,
      listenConnectionString: e.url,
    })),
    { pollIntervalMs },
  );
  closing.push(p);
  return { positions: p, reads, pool };
}

it("wakes on the runner's NOTIFY, then answers from its cache without a query", async () => {
  const { projection, open } = gated('notified');
  const head = await appendSpread(store, 'notified', 25, { streams: 2, perAppend: 5 });
  await runner(projection).start();
  const { positions: p, reads } = positions([{ name: 'notified' }]);

  const waiting = p.waitFor(['notified'], head, 15_000);
  // Once its first read (LISTEN, then the table) has seen the view behind, let the runner go.
  await until(() => p.knownCheckpoint('notified') !== null);
  const readsBefore = reads.mock.calls.length;
  open();
  expect(await waiting).toEqual({ reached: true, behind: [] });
  // The NOTIFY carried the checkpoint: no read of the table was needed to see it.
  expect(reads.mock.calls.length).toBe(readsBefore);
  expect(p.knownCheckpoint('notified')).toEqual(head);

  expect(await p.waitFor(['notified'], head, 15_000)).toEqual({ reached: true, behind: [] });
  expect(reads.mock.calls.length).toBe(readsBefore);

  // A later write, waited for while listening: the NOTIFY alone answers it, still no query.
  const later = await appendSpread(store, 'notified', 3, { streams: 1, perAppend: 3 });
  expect(await p.waitFor(['notified'], later, 15_000)).toEqual({ reached: true, behind: [] });
  expect(reads.mock.calls.length).toBe(readsBefore);
});

it('falls back to polling when no NOTIFY comes', async () => {
  const { projection, open } = gated('unannounced');
  const head = await appendSpread(store, 'unannounced', 12, { streams: 2, perAppend: 4 });
  await runner(projection, { notifier: null }).start();
  const { positions: p } = positions([{ name: 'unannounced' }], 20);
  const waiting = p.waitFor(['unannounced'], head, 15_000);
  await until(() => p.knownCheckpoint('unannounced') !== null);
  open();
  expect(await waiting).toEqual({ reached: true, behind: [] });
});

it('resolves at the timeout with the projections still behind, without rejecting', async () => {
  const { projection, open } = gated('keeps_up');
  const head = await appendSpread(store, 'keeps_up', 5, { streams: 1, perAppend: 5 });
  open();
  const r = runner(projection);
  await r.start();
  await r.waitFor(head, 15_000);
  const { positions: p } = positions([{ name: 'keeps_up' }, { name: 'never_runs' }]);
  expect(await p.waitFor(['keeps_up', 'never_runs'], head, 150)).toEqual({
    reached: false,
    behind: ['never_runs'],
  });
  expect(await p.waitFor(['keeps_up'], head, 150)).toEqual({ reached: true, behind: [] });
  await expect(p.waitFor(['nope'], head, 10)).rejects.toThrow('unknown projection nope');
});

it('waits on several databases at once, one listener each (a direct one where given)', async () => {
  const here = gated('here');
  const there = gated('there');
  await appendSpread(store, 'here', 10, { streams: 1, perAppend: 5 });
  const last: LogPosition = (
    await store.append('there-0', [{ id: randomUUID(), type: 'Noted', data: {} }])
  ).position;
  await runner(here.projection).start();
  await runner(there.projection, { pool: otherPool }).start();
  const { positions: p } = positions([
    { name: 'here' },
    { name: 'there', pool: otherPool, url: otherDb.url },
  ]);
  const waiting = p.waitFor(['here', 'there'], last, 15_000);
  await until(() => p.knownCheckpoint('here') !== null && p.knownCheckpoint('there') !== null);
  here.open();
  there.open();
  expect(await waiting).toEqual({ reached: true, behind: [] });
  expect(p.knownCheckpoint('there')).toEqual(last);
});

/** Polls an in-memory condition once per event-loop turn (no database, no timer). */
async function until(condition: () => boolean, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

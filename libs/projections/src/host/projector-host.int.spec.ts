import { PostgresEventStore } from '@photofeed/event-store';
import {
  createTestDatabase,
  requireEnv,
  testKeyPrefix,
  type TestDatabase,
} from '@photofeed/testing';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { readProjectionStatuses } from '../status/read-projection-statuses';
import {
  appendSpread,
  countingProjection,
  countingRows,
  createCountingTable,
  deleteKeysUnder,
  membersProjection,
  redisSnapshot,
  testPool,
} from '../testing/fixture-projections';
import { ProjectorHost } from './projector-host';

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let redis: Redis;
const prefix = testKeyPrefix('proj-host');
const hosts: ProjectorHost[] = [];

beforeAll(async () => {
  db = await createTestDatabase('proj_host');
  pool = testPool(db, { max: 12 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 100 });
  redis = new Redis(requireEnv('REDIS_URL'));
  await createCountingTable(pool, 'host_counts');
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});
afterAll(async () => {
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
  await store.close();
  await db.drop();
});

function host(holder: string): ProjectorHost {
  const h = new ProjectorHost({
    store,
    deployments: [
      { projection: countingProjection('host_counts', 'host_counts'), pool },
      { projection: membersProjection('host_members', redis, prefix), pool },
    ],
    runner: { batchSize: 25, standbyPollMs: 20, holder },
  });
  hosts.push(h);
  return h;
}

it('runs every projection it is given, reports health and metrics, and stops cleanly', async () => {
  const head = await appendSpread(store, 'host', 120);
  const h = host('host-a:1');
  expect((await h.health()).ok).toBe(false); // not started yet
  await h.start();
  await h.waitFor(head, 15_000);

  expect(h.reached(head)).toBe(true);
  expect(await countingRows(pool, 'host_counts')).toHaveLength(7);
  const counted = (await countingRows(pool, 'host_counts')) as { n: number }[];
  expect(counted.reduce((sum, r) => sum + r.n, 0)).toBe(120);
  const order = (await redisSnapshot(redis, prefix)).get('order') as string[];
  expect(order).toHaveLength(240); // 120 members, each with its score

  const health = await h.health();
  expect(health).toMatchObject({
    ok: true,
    log: { ok: true },
    databases: [{ index: 0, ok: true }],
  });
  expect(health.projections.map((p) => [p.name, p.state])).toEqual([
    ['host_counts', 'live'],
    ['host_members', 'live'],
  ]);
  const text = await h.registry.metrics();
  expect(text).toContain('projection_active{projection="host_counts",version="1"} 1');
  expect(text).toContain('projection_active{projection="host_members",version="1"} 1');

  await h.stop();
  expect((await h.health()).ok).toBe(false);
  const { projections } = await readProjectionStatuses(pool);
  expect(projections.map((p) => [p.name, p.state, p.heldBy, p.lockHeld])).toEqual([
    ['host_counts', 'stopped', 'host-a:1', false],
    ['host_members', 'stopped', 'host-a:1', false],
  ]);
});

it('stands by beside another host running the same projections, and takes over when it stops', async () => {
  const active = host('host-active:1');
  await active.start();
  const standby = host('host-standby:2');
  await standby.start();
  expect(standby.statuses().map((s) => s.state)).toEqual(['standby', 'standby']);
  // Operators see who waits: the standby's heartbeat, beside the holder.
  const waiting = (await readProjectionStatuses(pool)).projections.filter((p) =>
    p.name.startsWith('host_'),
  );
  expect(waiting.map((p) => [p.heldBy, p.standbys])).toEqual([
    ['host-active:1', ['host-standby:2']],
    ['host-active:1', ['host-standby:2']],
  ]);

  const head = await appendSpread(store, 'host', 30);
  await active.waitFor(head, 15_000);
  await active.stop();
  const more = await appendSpread(store, 'host', 30);
  await standby.waitFor(more, 15_000);
  expect(standby.statuses().map((s) => s.state)).toEqual(['live', 'live']);
  // Holding it now, it no longer stands by.
  const taken = (await readProjectionStatuses(pool)).projections.filter((p) =>
    p.name.startsWith('host_'),
  );
  expect(taken.map((p) => [p.heldBy, p.standbys])).toEqual([
    ['host-standby:2', []],
    ['host-standby:2', []],
  ]);
  const counted = (await countingRows(pool, 'host_counts')) as { n: number }[];
  expect(counted.reduce((sum, r) => sum + r.n, 0)).toBe(180); // 120 before, 60 now: none twice
});

it('refuses a projection deployed twice', () => {
  const projection = countingProjection('twice', 'twice');
  expect(
    () =>
      new ProjectorHost({
        store,
        deployments: [
          { projection, pool },
          { projection, pool },
        ],
      }),
  ).toThrow('projection twice v1 is deployed twice');
});

it('replaces its deployments: a new version starts, the old one stops, the rest go on', async () => {
  await createCountingTable(pool, 'swap_v1');
  await createCountingTable(pool, 'swap_v2');
  const v1 = { ...countingProjection('swap', 'swap_v1', { streamCategories: ['swap'] }) };
  const v2 = {
    ...countingProjection('swap', 'swap_v2', { streamCategories: ['swap'] }),
    version: 2,
  };
  const members = membersProjection('swap_members', redis, `${prefix}swap:`);
  const h = new ProjectorHost({
    store,
    deployments: [
      { projection: v1, pool },
      { projection: members, pool },
    ],
    runner: { batchSize: 25, standbyPollMs: 20 },
  });
  hosts.push(h);
  await h.start();
  const first = await appendSpread(store, 'swap', 40);
  await h.waitFor(first, 15_000);

  await h.replace([
    { projection: v2, pool },
    { projection: members, pool },
  ]);
  expect(h.statuses().map((s) => `${s.name} v${s.version}`)).toEqual([
    'swap v2',
    'swap_members v1',
  ]);
  const second = await appendSpread(store, 'swap', 30);
  await h.waitFor(second, 15_000);
  const total = async (table: string) =>
    ((await countingRows(pool, table)) as { n: number }[]).reduce((t, r) => t + r.n, 0);
  // v1 stopped at the swap; v2 started from the beginning of the log and is current.
  expect(await total('swap_v1')).toBe(40);
  expect(await total('swap_v2')).toBe(70);
  const stored = (await readProjectionStatuses(pool)).projections.filter((p) => p.name === 'swap');
  expect(stored.map((p) => [p.version, p.state, p.lockHeld])).toEqual([
    [1, 'stopped', false],
    [2, 'live', true],
  ]);
});

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

  const head = await appendSpread(store, 'host', 30);
  await active.waitFor(head, 15_000);
  await active.stop();
  const more = await appendSpread(store, 'host', 30);
  await standby.waitFor(more, 15_000);
  expect(standby.statuses().map((s) => s.state)).toEqual(['live', 'live']);
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

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, START, compareLogPositions } from '@photofeed/event-store';
import type { LogPosition } from '@photofeed/event-store';
import {
  createTestDatabase,
  requireEnv,
  testKeyPrefix,
  type TestDatabase,
} from '@photofeed/testing';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { readCheckpoint } from '../checkpoint-sql';
import { readProjectionStatuses } from '../status/read-projection-statuses';
import {
  countingProjection,
  countingRows,
  createCountingTable,
  deleteKeysUnder,
  membersProjection,
  redisSnapshot,
  testPool,
} from '../testing/fixture-projections';
import { ProjectionPositions } from '../waiting/projection-positions';
import { ProjectorHost } from './projector-host';

/**
 * Real OS processes (testing/projector-child.ts) killed with SIGKILL mid catch-up: the views a
 * restarted or standby process finishes must equal those of an uninterrupted run (the reference,
 * in-process, into another database and Redis prefix).
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const CHILD = join(__dirname, '..', 'testing', 'projector-child.ts');
const EVENTS = 3_000;
const STREAMS = 7;

let db: TestDatabase; // the log, and the views of the killed processes
let refDb: TestDatabase; // the uninterrupted reference views
let pool: Pool;
let refPool: Pool;
let store: PostgresEventStore;
let redis: Redis;
let positions: ProjectionPositions;
let reference: ProjectorHost;
const children = new Set<ChildProcess>();
const prefixes = { killed: testKeyPrefix('proc-killed'), ref: testKeyPrefix('proc-ref') };

/** Per scenario: its stream category, projection names and table; views differ by database and prefix. */
const scenarios = {
  restart: { category: 'restart', pg: 'pg_restart', redis: 'redis_restart', table: 'counts_r' },
  takeover: { category: 'takeover', pg: 'pg_takeover', redis: 'redis_takeover', table: 'counts_t' },
};
type Scenario = (typeof scenarios)[keyof typeof scenarios];

beforeAll(async () => {
  [db, refDb] = await Promise.all([
    createTestDatabase('proc_views'),
    createTestDatabase('proc_reference'),
  ]);
  pool = testPool(db, { max: 8 });
  refPool = testPool(refDb, { max: 8 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 100 });
  redis = new Redis(requireEnv('REDIS_URL'));
  for (const s of Object.values(scenarios))
    await Promise.all([createCountingTable(pool, s.table), createCountingTable(refPool, s.table)]);
  reference = new ProjectorHost({
    store,
    deployments: Object.values(scenarios).flatMap((s) => {
      const filter = { streamCategories: [s.category] };
      return [
        { projection: countingProjection(s.pg, s.table, filter), pool: refPool },
        {
          projection: membersProjection(s.redis, redis, `${prefixes.ref}${s.category}:`, filter),
          pool: refPool,
        },
      ];
    }),
  });
  await reference.start();
  positions = new ProjectionPositions(
    Object.values(scenarios).flatMap((s) => [
      { name: s.pg, version: 1, pool },
      { name: s.redis, version: 1, pool },
    ]),
    { pollIntervalMs: 100 },
  );
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await positions.close();
  await reference.stop();
  await deleteKeysUnder(redis, prefixes.killed);
  await deleteKeysUnder(redis, prefixes.ref);
  await redis.quit();
  await store.close();
  await Promise.all([db.drop(), refDb.drop()]);
});

/** One transaction of `EVENTS` events over `STREAMS` streams: visible all at once, a backlog. */
async function appendBacklog(category: string): Promise<LogPosition> {
  const per = EVENTS / STREAMS;
  const result = await store.appendMany(
    Array.from({ length: STREAMS }, (_, s) => ({
      streamId: `${category}-${s}`,
      events: Array.from({ length: Math.round(per * (s + 1)) - Math.round(per * s) }, () => ({
        id: randomUUID(),
        type: 'Noted',
        data: {},
      })),
    })),
  );
  return result.position;
}

/** Starts a projector process; resolves once it printed `ready` (projecting or standing by). */
function startProjector(s: Scenario): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_URL: db.url,
      VIEW_URL: db.url,
      REDIS_URL: requireEnv('REDIS_URL'),
      REDIS_PREFIX: `${prefixes.killed}${s.category}:`,
      PG_NAME: s.pg,
      PG_TABLE: s.table,
      REDIS_NAME: s.redis,
      CATEGORY: s.category,
      BATCH_SIZE: '50',
      STANDBY_POLL_MS: '50',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) =>
      reject(new Error(`projector exited (${code}) before ready:\n${stderr}`)),
    );
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  children.delete(child);
}

function holderOf(child: ChildProcess): string {
  return `${hostname()}:${child.pid}`;
}

/** Polls the checkpoint rows until both projections have moved but neither reached `head`. */
async function untilMidCatchUp(s: Scenario, head: LogPosition): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [pg, rd] = await Promise.all(
      [s.pg, s.redis].map((name) => readCheckpoint(pool, { name, version: 1 })),
    );
    const mid = (p: LogPosition) =>
      compareLogPositions(p, START) > 0 && compareLogPositions(p, head) < 0;
    if (mid(pg) && mid(rd)) return;
    if (compareLogPositions(pg, head) >= 0 || compareLogPositions(rd, head) >= 0)
      throw new Error('a projection reached the head before the kill: make the backlog longer');
    if (Date.now() > deadline) throw new Error('the projector never started catching up');
  }
}

/** Polls the status until Postgres has noticed the dead process and freed its locks. */
async function untilLocksFreed(s: Scenario): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { projections } = await readProjectionStatuses(pool);
    const mine = projections.filter((p) => p.name === s.pg || p.name === s.redis);
    if (mine.length === 2 && mine.every((p) => !p.lockHeld)) return;
    if (Date.now() > deadline) throw new Error('locks of the killed projector never freed');
  }
}

async function expectSameViews(s: Scenario, head: LogPosition): Promise<void> {
  await reference.waitFor(head, 15_000);
  const rows = await countingRows(pool, s.table);
  expect(rows).toEqual(await countingRows(refPool, s.table));
  expect((rows as { n: number }[]).reduce((sum, r) => sum + r.n, 0)).toBe(EVENTS);
  const killed = await redisSnapshot(redis, `${prefixes.killed}${s.category}:`);
  expect(killed).toEqual(await redisSnapshot(redis, `${prefixes.ref}${s.category}:`));
  expect(killed.size).toBe(STREAMS + 1);
}

it('a projector killed mid catch-up and started again ends with the views of an uninterrupted run', async () => {
  const s = scenarios.restart;
  const head = await appendBacklog(s.category);
  const first = await startProjector(s);
  await untilMidCatchUp(s, head);
  await kill(first);

  await untilLocksFreed(s);
  const { projections } = await readProjectionStatuses(pool);
  for (const name of [s.pg, s.redis]) {
    const status = projections.find((p) => p.name === name)!;
    // The dead process's last word: still "catching-up", but nobody holds the lock.
    expect(status).toMatchObject({
      state: 'catching-up',
      heldBy: holderOf(first),
      lockHeld: false,
    });
    expect(status.lagEvents).toBeGreaterThan(0);
  }

  const second = await startProjector(s);
  expect(await positions.waitFor([s.pg, s.redis], head, 15_000)).toEqual({
    reached: true,
    behind: [],
  });
  await expectSameViews(s, head);

  // SIGTERM: a clean stop, recorded as such.
  const exited = new Promise<number | null>((resolve) => second.once('exit', resolve));
  second.kill('SIGTERM');
  expect(await exited).toBe(0);
  children.delete(second);
  const after = (await readProjectionStatuses(pool)).projections.filter((p) =>
    [s.pg, s.redis].includes(p.name),
  );
  expect(after.map((p) => [p.state, p.heldBy, p.lockHeld])).toEqual([
    ['stopped', holderOf(second), false],
    ['stopped', holderOf(second), false],
  ]);
});

it('of two projectors, the standby takes over when the active one is killed, and finishes', async () => {
  const s = scenarios.takeover;
  const active = await startProjector(s);
  const standby = await startProjector(s);
  const holders = async () =>
    (await readProjectionStatuses(pool)).projections
      .filter((p) => p.name === s.pg || p.name === s.redis)
      .map((p) => [p.heldBy, p.lockHeld]);
  expect(await holders()).toEqual([
    [holderOf(active), true],
    [holderOf(active), true],
  ]);

  const head = await appendBacklog(s.category);
  await untilMidCatchUp(s, head);
  await kill(active);
  expect(await positions.waitFor([s.pg, s.redis], head, 15_000)).toEqual({
    reached: true,
    behind: [],
  });
  expect(await holders()).toEqual([
    [holderOf(standby), true],
    [holderOf(standby), true],
  ]);
  await expectSameViews(s, head);
  await kill(standby);
});

import {
  compareLogPositions,
  PostgresEventStore,
  type LogPosition,
  type RecordedEvent,
} from '@photofeed/event-store';
import {
  createTestDatabase,
  requireEnv,
  testKeyPrefix,
  type TestDatabase,
} from '@photofeed/testing';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { readCheckpoint } from './checkpoint-sql';
import type { PostgresProjection, RedisProjection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { advisoryLockName } from './runner-lock';
import { appendSpread, deleteKeysUnder, testPool } from './testing/fixture-projections';

/** What the runtime promises each kind: where the checkpoint goes, and when after-commit runs. */

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let redis: Redis;
const prefix = testKeyPrefix('proj-kinds');
const runners: ProjectionRunner[] = [];
const WAIT_MS = 15_000;

beforeAll(async () => {
  db = await createTestDatabase('proj_kinds');
  pool = testPool(db, { max: 12 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 100 });
  redis = new Redis(requireEnv('REDIS_URL'));
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
  await store.close();
  await db.drop();
});

function runner(projection: PostgresProjection | RedisProjection, standbyPollMs = 20) {
  const r = new ProjectionRunner({
    store,
    pool,
    projection,
    batchSize: 10,
    retry: { attempts: 3, baseDelayMs: 1 },
    standbyPollMs,
    registry: new Registry(),
  });
  runners.push(r);
  return r;
}

/** SADD per stream (idempotent), plus a log of every application (deliberately not). */
function redisView(name: string, hook?: (events: RecordedEvent[]) => Promise<void>) {
  const keys = {
    members: (streamId: string) => `${prefix}${name}:members:${streamId}`,
    applied: `${prefix}${name}:applied`,
  };
  const projection: RedisProjection = {
    kind: 'redis',
    name,
    version: 1,
    filter: { streamCategories: [name] },
    async handle(events) {
      const tx = redis.multi();
      for (const e of events) tx.sadd(keys.members(e.streamId), e.id);
      tx.rpush(keys.applied, events[0].id);
      await tx.exec();
      await hook?.(events);
    },
  };
  return { projection, keys };
}

async function membersPerStream(name: string, streams: number) {
  const sizes: number[] = [];
  for (let s = 0; s < streams; s++)
    sizes.push(await redis.scard(`${prefix}${name}:members:${name}-${s}`));
  return sizes;
}

describe('Redis projections', () => {
  it('store the checkpoint after the batch is written, before the next batch starts', async () => {
    const seen: { first: LogPosition; last: LogPosition; stored: LogPosition }[] = [];
    const { projection } = redisView('redis_order', async (events) => {
      const stored = await readCheckpoint(pool, { name: 'redis_order', version: 1 });
      seen.push({ first: events[0].position, last: events.at(-1)!.position, stored });
    });
    const head = await appendSpread(store, 'redis_order', 45, { streams: 3, perAppend: 5 });
    const r = runner(projection);
    await r.start();
    await r.waitFor(head, WAIT_MS);

    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (const [i, batch] of seen.entries()) {
      // While a batch's writes are done but unconfirmed, the checkpoint is still before it...
      expect(compareLogPositions(batch.stored, batch.first)).toBeLessThan(0);
      // ...and it is exactly where the previous batch ended: stored after that batch's writes.
      if (i > 0) expect(batch.stored).toEqual(seen[i - 1].last);
    }
    expect(await readCheckpoint(pool, { name: 'redis_order', version: 1 })).toEqual(head);
    expect(await membersPerStream('redis_order', 3)).toEqual([15, 15, 15]);
  });

  it('apply a batch again after a crash between its writes and its checkpoint; the view ends as if once', async () => {
    let crashes = 0;
    const { projection, keys } = redisView('redis_crash', async () => {
      if (crashes++ === 0) throw new Error('crash after writing, before the checkpoint');
    });
    const head = await appendSpread(store, 'redis_crash', 30, { streams: 3, perAppend: 5 });
    const r = runner(projection);
    await r.start();
    await r.waitFor(head, WAIT_MS);

    const applied = await redis.lrange(keys.applied, 0, -1);
    expect(applied[0]).toBe(applied[1]); // the first batch went in twice
    expect(applied.length).toBe(new Set(applied).size + 1);
    expect(await membersPerStream('redis_crash', 3)).toEqual([10, 10, 10]);
    expect(r.status()).toMatchObject({ state: 'live', parked: 0 });
  });

  it('cannot store a checkpoint once another runner took over mid-batch; that one applies the batch again', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let writtenFirst!: () => void;
    const written = new Promise<void>((resolve) => (writtenFirst = resolve));
    let calls = 0;
    const { projection, keys } = redisView('redis_fenced', async () => {
      if (calls++ > 0) return;
      writtenFirst();
      await gate; // the first runner freezes after writing its first batch
    });
    const head = await appendSpread(store, 'redis_fenced', 30, { streams: 3, perAppend: 5 });
    const frozen = runner(projection);
    const standby = runner(projection);
    await frozen.start();
    await standby.start();
    await written;

    // The frozen runner's lock connection dies (as if its host lost the network).
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l, (SELECT hashtextextended($1, 0) AS key) k
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.classid::bigint = (k.key >> 32) & 4294967295 AND l.objid::bigint = k.key & 4294967295`,
      [advisoryLockName({ name: 'redis_fenced', version: 1 })],
    );
    expect(rows).toHaveLength(1);
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await standby.waitFor(head, WAIT_MS);
    openGate();
    await frozen.stop();

    const applied = await redis.lrange(keys.applied, 0, -1);
    expect(applied[0]).toBe(applied[1]); // the batch the frozen runner wrote, applied again
    expect(await readCheckpoint(pool, { name: 'redis_fenced', version: 1 })).toEqual(head);
    expect(await membersPerStream('redis_fenced', 3)).toEqual([10, 10, 10]);
    expect(quiet.mock.calls.flat().some((arg) => String(arg).includes('moved by another'))).toBe(
      true,
    );
    quiet.mockRestore();
  });
});

describe("Postgres projections' after-commit work", () => {
  async function rowsTable(name: string) {
    await pool.query(`CREATE TABLE ${name} (event_id uuid PRIMARY KEY)`);
  }

  it('runs only after the batch and its checkpoint committed', async () => {
    await rowsTable('after_commit_rows');
    const observed: {
      rows: number;
      expectedRows: number;
      checkpoint: LogPosition;
      end: LogPosition;
    }[] = [];
    let written = 0;
    const projection: PostgresProjection = {
      name: 'after_commit',
      version: 1,
      filter: { streamCategories: ['after_commit'] },
      async handle(events, tx) {
        for (const e of events)
          await tx.query('INSERT INTO after_commit_rows (event_id) VALUES ($1)', [e.id]);
        const expectedRows = (written += events.length);
        const end = events.at(-1)!.position;
        return async () => {
          // Another connection: sees the batch only if its transaction has committed.
          const { rows } = await pool.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM after_commit_rows',
          );
          const checkpoint = await readCheckpoint(pool, { name: 'after_commit', version: 1 });
          observed.push({ rows: rows[0].n, expectedRows, checkpoint, end });
        };
      },
    };
    const head = await appendSpread(store, 'after_commit', 35, { streams: 2, perAppend: 5 });
    const r = runner(projection);
    await r.start();
    await r.waitFor(head, WAIT_MS);

    expect(observed.length).toBeGreaterThanOrEqual(4);
    for (const o of observed) {
      expect(o.rows).toBe(o.expectedRows);
      expect(o.checkpoint).toEqual(o.end);
    }
  });

  it('is best effort: a failing one is logged and neither stops nor parks anything', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await rowsTable('after_commit_fail_rows');
    const projection: PostgresProjection = {
      name: 'after_commit_fail',
      version: 1,
      filter: { streamCategories: ['after_commit_fail'] },
      async handle(events, tx) {
        for (const e of events)
          await tx.query('INSERT INTO after_commit_fail_rows (event_id) VALUES ($1)', [e.id]);
        return async () => {
          throw new Error('cache refresh failed');
        };
      },
    };
    const head = await appendSpread(store, 'after_commit_fail', 25, { streams: 2, perAppend: 5 });
    const r = runner(projection);
    await r.start();
    await r.waitFor(head, WAIT_MS);

    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM after_commit_fail_rows',
    );
    expect(rows[0].n).toBe(25);
    expect(r.status()).toMatchObject({ state: 'live', parked: 0 });
    const failures = logged.mock.calls.filter((args) =>
      args.some((a) => a instanceof Error && a.message === 'cache refresh failed'),
    );
    expect(failures.length).toBe(3); // one per batch of 10, 10, 5
    logged.mockRestore();
  });
});

describe('an outage inside a handler', () => {
  it('parks nothing: the runner starts again from its checkpoint until it passes', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await pool.query('CREATE TABLE outage_rows (event_id uuid PRIMARY KEY)');
    // Port 1 refuses connections: a real ECONNREFUSED, five times, more than the 3 attempts.
    const down = new Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    let outages = 5;
    const calls: number[] = [];
    const projection: PostgresProjection = {
      name: 'outage',
      version: 1,
      filter: { streamCategories: ['outage'] },
      async handle(events, tx) {
        calls.push(events.length);
        if (outages > 0) {
          outages--;
          await down.query('SELECT 1');
        }
        for (const e of events)
          await tx.query('INSERT INTO outage_rows (event_id) VALUES ($1)', [e.id]);
      },
    };
    const head = await appendSpread(store, 'outage', 20, { streams: 2, perAppend: 5 });
    const r = runner(projection);
    await r.start();
    await r.waitFor(head, WAIT_MS);
    await down.end();

    expect(outages).toBe(0);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outage_rows');
    expect(rows[0].n).toBe(20);
    expect(r.status().parked).toBe(0);
    // Each outage dropped the whole batch: no retries of it as single events (the way to parking).
    expect(calls.slice(0, 6)).toEqual([10, 10, 10, 10, 10, 10]);
    const logged = quiet.mock.calls.flat() as { code?: string }[];
    expect(logged.filter((a) => a?.code === 'ECONNREFUSED')).toHaveLength(5);
    quiet.mockRestore();
  });
});

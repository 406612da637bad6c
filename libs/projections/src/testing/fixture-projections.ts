import { randomUUID } from 'node:crypto';
import {
  compareLogPositions,
  type EventFilter,
  type EventStore,
  type LogPosition,
} from '@photofeed/event-store';
import type Redis from 'ioredis';
import type { TestDatabase } from '@photofeed/testing';
import type { Pool, PoolConfig } from 'pg';
import type { PostgresProjection, RedisProjection } from '../projection';
import { keysUnder } from '@photofeed/testing';

/**
 * Deterministic views for the runtime's tests: the same log must give the same rows and keys
 * whichever process applied it, however often it was interrupted.
 */

/** Counts events per stream: a non-idempotent upsert, so a batch applied twice would show. */
export function countingProjection(
  name: string,
  table: string,
  filter?: EventFilter,
): PostgresProjection {
  return {
    name,
    version: 1,
    filter,
    async handle(events, tx) {
      // One statement per batch: per stream, how many events and the last one's position.
      const byStream = new Map<string, { n: number; last: bigint }>();
      for (const e of events) {
        const seen = byStream.get(e.streamId);
        byStream.set(e.streamId, { n: (seen?.n ?? 0) + 1, last: e.globalPosition });
      }
      const rows = [...byStream];
      await tx.query(
        `INSERT INTO ${table} (stream_id, n, last_seq)
         SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
         ON CONFLICT (stream_id) DO UPDATE SET n = ${table}.n + excluded.n, last_seq = excluded.last_seq`,
        [rows.map(([id]) => id), rows.map(([, v]) => v.n), rows.map(([, v]) => v.last.toString())],
      );
    },
  };
}

export async function createCountingTable(pool: Pool, table: string): Promise<void> {
  await pool.query(
    `CREATE TABLE ${table} (stream_id text PRIMARY KEY, n int NOT NULL, last_seq bigint NOT NULL)`,
  );
}

export async function countingRows(pool: Pool, table: string): Promise<unknown[]> {
  const { rows } = await pool.query(
    `SELECT stream_id, n, last_seq::text FROM ${table} ORDER BY stream_id`,
  );
  return rows;
}

/** Idempotent Redis view: event ids per stream (SADD) and every event by position (ZADD). */
export function membersProjection(
  name: string,
  redis: Redis,
  prefix: string,
  filter?: EventFilter,
): RedisProjection {
  return {
    kind: 'redis',
    name,
    version: 1,
    filter,
    async handle(events) {
      const tx = redis.multi();
      for (const e of events) {
        tx.sadd(`${prefix}members:${e.streamId}`, e.id);
        tx.zadd(`${prefix}order`, e.globalPosition.toString(), e.id);
      }
      await tx.exec();
    },
  };
}

/** Every key under `prefix` with its content (sets sorted, sorted sets with scores), prefix cut. */
export async function redisSnapshot(redis: Redis, prefix: string): Promise<Map<string, unknown>> {
  const keys = await keysUnder(redis, prefix);
  const snapshot = new Map<string, unknown>();
  for (const key of keys) {
    const type = await redis.type(key);
    const content =
      type === 'set'
        ? (await redis.smembers(key)).sort()
        : type === 'zset'
          ? await redis.zrange(key, '0', '-1', 'WITHSCORES')
          : type;
    snapshot.set(key.slice(prefix.length), content);
  }
  return snapshot;
}

// The suite's keys in the shared Redis: libs/testing's sweep.
export { deleteKeysUnder } from '@photofeed/testing';

/** Appends `count` events over `streams` streams of `category`, `perAppend` per append. */
export async function appendSpread(
  store: EventStore,
  category: string,
  count: number,
  { streams = 7, perAppend = 10 } = {},
): Promise<LogPosition> {
  let last: LogPosition | null = null;
  for (let i = 0; i < count; i += perAppend) {
    const n = Math.min(perAppend, count - i);
    const events = Array.from({ length: n }, () => ({ id: randomUUID(), type: 'Noted', data: {} }));
    last = (await store.append(`${category}-${(i / perAppend) % streams}`, events)).position;
  }
  if (!last) throw new Error('nothing appended');
  return last;
}

/**
 * Until readers can see `position`. The read horizon is cluster-wide: another suite's open
 * transaction can hold freshly appended events back, and a runner reading meanwhile is "caught up"
 * at an earlier head. Tests that assert catch-up states wait for this first.
 */
export async function untilVisible(
  store: EventStore,
  position: LogPosition,
  deadlineMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (compareLogPositions(await store.headPosition(), position) < 0)
    if (Date.now() > deadline) throw new Error('appended events never became visible');
}

/**
 * `db.pool()` that survives the database's drop: pg-pool's end() resolves before its connections
 * have closed, so `DROP DATABASE ... WITH FORCE` may terminate one mid-close, and that error,
 * emitted on a pool nobody listens to, would fail the whole suite.
 */
export function testPool(db: TestDatabase, config: PoolConfig = {}): Pool {
  const pool = db.pool(config);
  pool.on('error', () => undefined);
  return pool;
}

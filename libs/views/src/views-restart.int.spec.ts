import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PostgresEventStore } from '@photofeed/event-store';
import { ProjectionPositions } from '@photofeed/projections';
import { migrateShards, ShardMap, ShardRouter } from '@photofeed/shards';
import {
  createTestDatabase,
  createTestShardDatabases,
  loadServicesEnv,
  deleteKeysUnder,
  keysUnder,
  requireEnv,
  seededRandom,
  testKeyPrefix,
  type TestDatabase,
  type TestShardDatabases,
} from '@photofeed/testing';
import Redis from 'ioredis';
import { Client, Pool } from 'pg';
import { photoFeedLog } from './testing/photo-feed-log';
import { watchedViews } from './view-catalogue';

// Every real view, projected by a separate OS process that is killed with SIGKILL in the middle of
// catching up and started again, must end exactly as the same views projected without interruption
// from a copy of the same log: same shard rows, same Redis keys and values.

const ROOT = join(__dirname, '..', '..', '..');
const CHILD = join(__dirname, 'testing', 'views-projector-child.ts');
const SHARD_COUNT = 8;
const SEED = 20261122;

interface ViewSet {
  logUrl: string;
  shards: TestShardDatabases;
  router: ShardRouter;
  keyPrefix: string;
}

let log: TestDatabase;
let copyName: string;
let redis: Redis;
const sets: ViewSet[] = [];
const children: ChildProcess[] = [];

async function admin(sql: string): Promise<void> {
  const url = new URL(requireEnv('DATABASE_URL'));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function viewSet(logUrl: string): Promise<ViewSet> {
  const shards = await createTestShardDatabases(2, 'views_restart');
  const router = new ShardRouter(
    new ShardMap({ logicalShards: SHARD_COUNT, databases: shards.urls }),
    { max: 2 },
  );
  await migrateShards(router.map, (db) => router.databasePool(db));
  const set = { logUrl, shards, router, keyPrefix: testKeyPrefix('views') };
  sets.push(set);
  return set;
}

function startProjector(set: ViewSet): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_URL: set.logUrl,
      SHARD_URLS: set.shards.urls.join(','),
      SHARD_COUNT: String(SHARD_COUNT),
      REDIS_URL: requireEnv('REDIS_URL'),
      MEMCACHED_SERVERS: requireEnv('MEMCACHED_SERVERS'),
      KEY_PREFIX: set.keyPrefix,
      BATCH_SIZE: '25',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`projector exited (${code}) before ready`)));
  });
  return { child, ready };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Waits on positions (checkpoint NOTIFYs) until every view of the set has the whole log. */
async function waitForHead(set: ViewSet, head: { tx: bigint; seq: bigint }): Promise<void> {
  const logPool = new Pool({ connectionString: set.logUrl, max: 2 });
  const clients = { logPool, redis, shards: set.router, memcached: undefined as never };
  const views = watchedViews(clients);
  const positions = new ProjectionPositions(views.watched, { pollIntervalMs: 200 });
  try {
    const result = await positions.waitFor(
      views.watched.map((v) => v.name),
      head,
      60_000,
    );
    expect(result).toEqual({ reached: true, behind: [] });
  } finally {
    await positions.close();
    await logPool.end();
  }
}

/** Every shard table of every database, rows sorted, timestamps of the write (updated_at) left out. */
async function shardRows(set: ViewSet): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [db] of set.shards.urls.entries()) {
    const pool = set.router.databasePool(db);
    for (const shard of set.router.map.shardsOn(db)) {
      const schema = set.router.map.schemaFor(shard);
      for (const table of ['users', 'photos', 'photo_likes', 'followers', 'following']) {
        const { rows } = await pool.query(`SELECT * FROM ${schema}.${table} ORDER BY 1, 2`);
        out[`${db}.${schema}.${table}`] = rows.map(({ updated_at: _, ...row }) => row);
      }
    }
  }
  return out;
}

/** Every Redis key under the set's prefix, with its value, the prefix cut off. */
async function redisContents(prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of await keysUnder(redis, prefix)) {
    const type = await redis.type(key);
    const value =
      type === 'string'
        ? (await redis.getBuffer(key))?.toString('hex')
        : type === 'hash'
          ? Object.entries(await redis.hgetallBuffer(key))
              .map(([k, v]) => `${Buffer.from(k).toString('hex')}=${v.toString('hex')}`)
              .sort()
          : type === 'set'
            ? (await redis.smembers(key)).sort()
            : type === 'zset'
              ? await redis.call('ZRANGE', key, '0', '-1', 'WITHSCORES')
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : `unexpected type ${type}`;
    out[key.slice(prefix.length)] = value;
  }
  return out;
}

beforeAll(async () => {
  loadServicesEnv();
  redis = new Redis(requireEnv('REDIS_URL'));
  log = await createTestDatabase('views_restart');
  const store = new PostgresEventStore({ connectionString: log.url, maxConnections: 4 });
  for (const { streamId, events } of photoFeedLog(seededRandom(SEED), 1_500, SHARD_COUNT))
    await store.append(streamId, events);
  await store.close();
  // The uninterrupted run reads a copy of the same log: checkpoints live in the log database.
  copyName = `${log.name}_copy`;
  await admin(`CREATE DATABASE ${copyName} TEMPLATE ${log.name}`);
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map(killed));
  for (const set of sets) {
    await set.router.close();
    await set.shards.drop();
    await deleteKeysUnder(redis, set.keyPrefix);
  }
  if (copyName) await admin(`DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`);
  await log?.drop();
  redis?.disconnect();
});

it('a projector killed mid-catch-up and restarted leaves every view as an uninterrupted run', async () => {
  const logUrl = log.url;
  const copyUrl = new URL(logUrl);
  copyUrl.pathname = `/${copyName}`;
  const crashed = await viewSet(logUrl);
  const reference = await viewSet(copyUrl.toString());
  const logPool = new Pool({ connectionString: logUrl, max: 1 });
  // Every event is committed: the head is the last row, whatever other suites hold open.
  const { rows: last } = await logPool.query<{ tx: string; seq: string }>(
    `SELECT transaction_id::text AS tx, global_position::text AS seq FROM events
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  const head = { tx: BigInt(last[0].tx), seq: BigInt(last[0].seq) };

  // Kill it once the home feed has committed some batches but not all.
  const first = startProjector(crashed);
  await first.ready;
  for (;;) {
    const { rows } = await logPool.query<{ seq: string }>(
      `SELECT seq FROM projection_checkpoints WHERE name = 'home-feed'`,
    );
    const seq = rows[0] ? BigInt(rows[0].seq) : 0n;
    if (seq > 0n) {
      expect(seq).toBeLessThan(head.seq);
      break;
    }
    await new Promise((r) => setImmediate(r));
  }
  await killed(first.child);

  const second = startProjector(crashed);
  const uninterrupted = startProjector(reference);
  await Promise.all([second.ready, uninterrupted.ready]);
  await Promise.all([waitForHead(crashed, head), waitForHead(reference, head)]);
  await logPool.end();

  const [crashedRows, referenceRows] = [await shardRows(crashed), await shardRows(reference)];
  expect(Object.values(crashedRows).flat().length).toBeGreaterThan(500);
  expect(crashedRows).toEqual(referenceRows);
  const [crashedKeys, referenceKeys] = [
    await redisContents(crashed.keyPrefix),
    await redisContents(reference.keyPrefix),
  ];
  expect(Object.keys(crashedKeys).length).toBeGreaterThan(50);
  expect(crashedKeys).toEqual(referenceKeys);
}, 180_000);

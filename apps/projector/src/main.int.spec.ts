import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { migrateShards, ShardMap, ShardRouter } from '@photofeed/shards';
import {
  createTestDatabase,
  requireEnv,
  testKeyPrefix,
  type TestDatabase,
} from '@photofeed/testing';

/** The real entry point, as deployed: a process of its own, started and stopped by signal. */

const ROOT = join(__dirname, '..', '..', '..');
let db: TestDatabase;
let child: ChildProcess | null = null;

beforeAll(async () => {
  db = await createTestDatabase('projector_main');
  // Its 4 shard schemas live in the log database here: one physical database is enough to start.
  const router = new ShardRouter(new ShardMap({ logicalShards: 4, databases: [db.url] }), {
    max: 1,
  });
  await migrateShards(router.map, () => router.databasePool(0));
  await router.close();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await db.drop();
});

function start(env: NodeJS.ProcessEnv): {
  child: ChildProcess;
  lines: string[];
  url: Promise<string>;
} {
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/projector/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        const m = /listening on (http:\/\/[^"\s]+)/.exec(line);
        if (m) resolve(m[1]);
      }
    });
    proc.once('exit', (code) => reject(new Error(`projector exited (${code}):\n${stderr}`)));
  });
  return { child: proc, lines, url };
}

it('starts, serves /health and /metrics, and exits 0 on SIGTERM', async () => {
  const started = start({
    DATABASE_URL: db.url,
    SHARD_DATABASE_URLS: db.url,
    SHARD_COUNT: '4',
    REDIS_URL: requireEnv('REDIS_URL'),
    MEMCACHED_SERVERS: requireEnv('MEMCACHED_SERVERS'),
    VIEW_KEY_PREFIX: testKeyPrefix('projector'),
    PROJECTOR_PORT: '0',
  });
  child = started.child;
  const url = await started.url;

  const health = await fetch(`${url}/health`);
  expect(health.status).toBe(200);
  const body = (await health.json()) as { ok: boolean; projections: { name: string }[] };
  expect(body).toMatchObject({ ok: true, log: { ok: true } });
  // Every view of the catalogue runs (the log is empty, so they idle at its start).
  expect(body.projections.map((p) => p.name).sort()).toEqual([
    'activity',
    'home-feed',
    'photo-owners',
    'read-models-db0',
  ]);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  expect(metrics).toContain('process_cpu_user_seconds_total');

  const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  child = null;
  expect(started.lines.at(-1)).toContain('"msg":"stopped"');
});

it('refuses to start on bad configuration, naming every problem', async () => {
  const started = start({ PROJECTOR_PORT: 'x' });
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', resolve));
  const failure = await started.url.catch((err: Error) => err.message);
  expect(await exited).toBe(1);
  expect(failure).toContain('DATABASE_URL must be set');
  expect(failure).toContain('REDIS_URL must be set');
  expect(failure).toContain('PROJECTOR_PORT must be an integer');
  expect(failure).toContain('MEMCACHED_SERVERS must be set');
});

/**
 * A projector process over every real view (libs/views), for the restart test
 * (views-restart.int.spec.ts). Prints `ready` once started; the test kills it with SIGKILL.
 *
 *   LOG_URL, SHARD_URLS (comma-separated), SHARD_COUNT, REDIS_URL, MEMCACHED_SERVERS, KEY_PREFIX,
 *   BATCH_SIZE (default 25)
 */
import { PostgresEventStore } from '@photofeed/event-store';
import { ProjectorHost } from '@photofeed/projections';
import { createMemcachedClient } from '@photofeed/read-models';
import { ShardMap, ShardRouter } from '@photofeed/shards';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { viewDeployments } from '../view-catalogue';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const logPool = new Pool({ connectionString: env('LOG_URL'), max: 8 });
  const shards = new ShardRouter(
    new ShardMap({
      logicalShards: Number(env('SHARD_COUNT')),
      databases: env('SHARD_URLS').split(','),
    }),
    { max: 6 },
  );
  const redis = new Redis(env('REDIS_URL'));
  const memcached = createMemcachedClient(env('MEMCACHED_SERVERS'));
  const store = new PostgresEventStore({
    pool: logPool,
    listenConnectionString: env('LOG_URL'),
    pollIntervalMs: 100,
  });
  const host = new ProjectorHost({
    store,
    deployments: viewDeployments(
      {
        keyPrefix: env('KEY_PREFIX'),
        feed: { capacity: 30, celebrityFollowers: 4, inactiveAfterMs: 86_400_000 },
      },
      { logPool, redis, shards, memcached },
    ),
    runner: { batchSize: Number(process.env.BATCH_SIZE ?? 25), standbyPollMs: 50 },
  });
  await host.start();
  process.stdout.write('ready\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

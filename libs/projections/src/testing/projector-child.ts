/**
 * A projector process for the restart/takeover test (projector-processes.int.spec.ts): a
 * ProjectorHost over the fixture projections, configured by env, printing `ready` once every
 * runner is projecting or standing by. The test kills it with SIGKILL; SIGTERM stops it cleanly.
 *
 *   LOG_URL, VIEW_URL, REDIS_URL, REDIS_PREFIX, PG_NAME, PG_TABLE, REDIS_NAME, CATEGORY (only
 *   streams `<CATEGORY>-*`), BATCH_SIZE (default 20), STANDBY_POLL_MS (default 50)
 */
import { PostgresEventStore } from '@photofeed/event-store';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { ProjectorHost } from '../host/projector-host';
import { countingProjection, membersProjection } from './fixture-projections';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const logPool = new Pool({ connectionString: env('LOG_URL'), max: 4 });
  const viewPool = new Pool({ connectionString: env('VIEW_URL'), max: 6 });
  const redis = new Redis(env('REDIS_URL'));
  const store = new PostgresEventStore({
    pool: logPool,
    listenConnectionString: env('LOG_URL'),
    pollIntervalMs: 100,
  });
  const filter = { streamCategories: [env('CATEGORY')] };
  const host = new ProjectorHost({
    store,
    deployments: [
      { projection: countingProjection(env('PG_NAME'), env('PG_TABLE'), filter), pool: viewPool },
      {
        projection: membersProjection(env('REDIS_NAME'), redis, env('REDIS_PREFIX'), filter),
        pool: viewPool,
      },
    ],
    runner: {
      batchSize: Number(process.env.BATCH_SIZE ?? 20),
      standbyPollMs: Number(process.env.STANDBY_POLL_MS ?? 50),
    },
  });
  process.once('SIGTERM', () => {
    void (async () => {
      await host.stop();
      await store.close();
      await Promise.all([logPool.end(), viewPool.end(), redis.quit()]);
      process.exit(0);
    })();
  });
  await host.start();
  process.stdout.write(`ready ${JSON.stringify(host.statuses().map((s) => s.state))}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

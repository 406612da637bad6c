/**
 * The projector: runs every projection of the active version of every view (a runner each;
 * another projector process stands by for each projection it cannot lock), switches to a new
 * version when a rebuild (feedctl rebuild) switches a view, and serves GET /metrics and GET /health.
 *
 *   node -r @swc-node/register apps/projector/src/main.ts
 *
 * SIGTERM/SIGINT: stop serving, let each runner finish its batch and record itself stopped, then
 * close every connection and exit 0.
 */
import type { AddressInfo } from 'node:net';
import { PostgresEventStore } from '@photofeed/event-store';
import { ShardRouter } from '@photofeed/shards';
import Redis from 'ioredis';
import { createMemcachedClient } from '@photofeed/read-models';
import { Pool } from 'pg';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { InvalidProjectorConfigError, loadProjectorConfig, type ProjectorConfig } from './config';
import { createProjectorServer } from './http';
import { ActiveViewsProjector } from '@photofeed/views';

function log(message: string): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), msg: message })}\n`);
}

async function main(): Promise<void> {
  let config: ProjectorConfig;
  try {
    config = loadProjectorConfig(process.env);
  } catch (error) {
    if (!(error instanceof InvalidProjectorConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }

  const logPool = new Pool({ connectionString: config.databaseUrl, max: 10 });
  // An idle connection that dies (server restart) is replaced; unheard, its error would crash us.
  logPool.on('error', () => undefined);
  const store = new PostgresEventStore({
    pool: logPool,
    listenConnectionString: config.databaseDirectUrl,
  });
  const shards = new ShardRouter(config.shards, { max: 10 });
  for (let db = 0; db < config.shards.databases.length; db++)
    shards.databasePool(db).on('error', () => undefined);
  // No per-command retry limit: while Redis is down a handler waits for it instead of failing
  // (the runner then stalls and its lag grows, rather than retrying and starting over).
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  let lastRedisError = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - lastRedisError < 10_000) return;
    lastRedisError = Date.now();
    console.error(`redis: ${error.message}`);
  });
  const memcached = createMemcachedClient(config.memcachedServers);

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const views = new ActiveViewsProjector({
    store,
    settings: config.views,
    clients: { logPool, redis, shards, memcached },
    listenConnectionString: config.databaseDirectUrl,
    registry,
    runner: { batchSize: config.batchSize },
  });
  let server: ReturnType<typeof createProjectorServer> | null = null;

  let stopping: Promise<void> | null = null;
  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      log(`${signal}: stopping`);
      server?.close();
      server?.closeAllConnections();
      await views.stop();
      await store.close();
      await Promise.all([
        logPool.end(),
        shards.close(),
        redis.quit().catch(() => redis.disconnect()),
      ]);
      memcached.close();
      log('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await views.start();
  const listening = createProjectorServer(views.host);
  server = listening;
  await new Promise<void>((resolve) => listening.listen(config.port, config.host, resolve));
  const { address, port } = listening.address() as AddressInfo;
  const count = views.host.statuses().length;
  log(`projector: ${count} projections; listening on http://${address}:${port}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * npm run bench -- rebuild [--events 1000000] [--batch 5000] [--shards 64] [--databases 2]
 *                          [--readers 0.25] [--celebrity 1000] [--engine shared|host] [--ahead 4] [--reps 1]
 *                          [--phases read,views,full] [--views read-models,...] [--seed 1]
 *                          [--cache] [--fresh]
 *
 * A full rebuild of every view from a log of --events events (issue 5). The log is a simulated
 * Instagram-like network appended as the write side writes it (bench/lib/rebuild-log-model.ts),
 * kept in `photofeed_bench_rebuild_<events>_s<shards>` and reused while its parameters and generator stay
 * the same (--fresh regenerates it). Phases, each over the whole log:
 * - read: a bare read (store.readAll in pages of 10,000, the reader the projections use, no
 *   handler): `read_eps`, the ceiling of any rebuild.
 * - views: each view's handler alone (or those --views names), from empty, fed batches of --batch of its own events read
 *   beforehand (bench/lib/rebuild-view-timing.ts): one line per view with its events/s (log
 *   events / handler seconds; read models: the sum over their databases). The slowest limits.
 * - full: every deployment of the view catalogue (viewDeployments), fresh, rebuilt at once by
 *   --engine (bench/lib/rebuild-every-view.ts; shared: --ahead batches of read-ahead): `eps` = log
 *   events / wall seconds to the head.
 * Every copy of the views has its own key prefix and empty shard databases (--databases of them,
 * --shards logical shards), and --readers of the users (the likeliest by activity) marked as having
 * read lately, so the home feed really fans out to them; authors with more than --celebrity
 * followers are merged at read time instead. The defaults are what `feedctl rebuild --all` runs:
 * the shared read (--engine host: a runner per view, as the projector process catches up), and
 * the read models without their memcached write-through (a version being built has no readers;
 * --cache writes through as the live projector does). The copies are deleted afterwards; the log is kept.
 * The last line sums up; `load` is the machine's load average (1 min) at the start and the end.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { PostgresEventStore } from '@photofeed/event-store';
import { createMemcachedClient } from '@photofeed/read-models';
import { loadServicesEnv, requireEnv } from '@photofeed/testing';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { ensureServices } from './lib/env';
import { positiveInt, positiveNumber } from './lib/options';
import { cpuSeconds, totalCpu, type CpuMs } from './lib/rebuild-cpu';
import { bareRead, eachViewAlone } from './lib/rebuild-phases';
import { REBUILD_ENGINES, rebuildEveryView, type RebuildEngine } from './lib/rebuild-every-view';
import { ensureRebuildLog } from './lib/rebuild-log';
import {
  freshViewCopy,
  type RebuildServices,
  type ViewCopyOptions,
} from './lib/rebuild-views-setup';
import { emit, eps, log, median } from './lib/stats';

const PHASES = ['read', 'views', 'full'] as const;
const TIMEOUT_MS = 3_600_000;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '1000000' },
      batch: { type: 'string', default: '5000' },
      shards: { type: 'string', default: '64' },
      databases: { type: 'string', default: '2' },
      readers: { type: 'string', default: '0.25' },
      celebrity: { type: 'string', default: '1000' },
      engine: { type: 'string', default: 'shared' },
      ahead: { type: 'string', default: '4' },
      reps: { type: 'string', default: '1' },
      phases: { type: 'string', default: PHASES.join(',') },
      views: { type: 'string' },
      seed: { type: 'string', default: '1' },
      fresh: { type: 'boolean', default: false },
      cache: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const o = {
    events: positiveInt('events', values.events),
    batch: positiveInt('batch', values.batch),
    shards: positiveInt('shards', values.shards),
    databases: positiveInt('databases', values.databases),
    readers: positiveNumber('readers', values.readers),
    celebrity: positiveInt('celebrity', values.celebrity),
    engine: oneOf('engine', values.engine, REBUILD_ENGINES) as RebuildEngine,
    ahead: positiveInt('ahead', values.ahead),
    reps: positiveInt('reps', values.reps),
    phases: values.phases.split(',').map((p) => oneOf('phases', p.trim(), PHASES)),
    seed: positiveInt('seed', values.seed),
    views: values.views?.split(',').map((v) => v.trim()),
  };
  if (o.readers > 1) throw new Error('--readers is a share of the users, at most 1');
  const loadAtStart = loadavg()[0];

  const server = await ensureServices();
  loadServicesEnv();
  const logDb = await ensureRebuildLog(
    server,
    { events: o.events, shards: o.shards, seed: o.seed },
    values.fresh,
  );
  const { summary } = logDb;
  emit({ bench: 'rebuild-log', database: logDb.name, reused: logDb.reused, ...summary });

  const logPool = new Pool({ connectionString: logDb.url, max: 20 });
  logPool.on('error', () => undefined);
  const store = new PostgresEventStore({ pool: logPool });
  const redis = new Redis(requireEnv('REDIS_URL'));
  const memcached = createMemcachedClient(requireEnv('MEMCACHED_SERVERS'));
  const services: RebuildServices = { server, logPool, redis, memcached };
  const readers = logDb.readerRanking.slice(0, Math.round(o.readers * summary.users));
  const copyOptions: ViewCopyOptions = {
    shards: o.shards,
    databases: o.databases,
    celebrityFollowers: o.celebrity,
    activeReaders: readers,
    documentCache: values.cache,
  };
  const total = logDb.events;
  const result: Record<string, unknown> = {};
  let readCpu: CpuMs | null = null;
  try {
    if (o.phases.includes('read')) {
      const runs: { eps: number; cpu: CpuMs }[] = [];
      for (let rep = 1; rep <= o.reps; rep++) runs.push(await bareRead(logDb.url, total));
      result.read_eps = Math.round(median(runs.map((r) => r.eps)));
      readCpu = runs[runs.length >> 1].cpu;
      emit({
        bench: 'rebuild-read',
        events: total,
        eps: result.read_eps,
        runs: runs.map((r) => Math.round(r.eps)),
        cpu_s: cpuSeconds(readCpu),
        load: loadavg()[0],
      });
    }
    if (o.phases.includes('views')) {
      const views = await eachViewAlone(store, services, copyOptions, o.batch, total, o.views);
      result.view_eps = Object.fromEntries([...views].map(([v, r]) => [v, Math.round(r.eps)]));
      result.limiting_view = [...views].sort((a, b) => a[1].eps - b[1].eps)[0]?.[0];
      // What the views and one read need in CPU: the rate two idle cores could sustain.
      const cpuMs = [...views.values()].reduce((s, r) => s + totalCpu(r.cpu), 0);
      const withRead = cpuMs + (readCpu ? totalCpu(readCpu) : 0);
      result.view_cpu_s = Math.round(cpuMs / 100) / 10;
      result.cpu_bound_eps_2_cores = Math.round(eps(total, withRead / 2));
    }
    if (o.phases.includes('full')) {
      const head = await store.headPosition();
      const rates: number[] = [];
      for (let rep = 1; rep <= o.reps; rep++) {
        const copy = await freshViewCopy(services, 'full', copyOptions);
        try {
          log(`full rebuild ${rep}/${o.reps}: ${copy.deployments.length} deployments, ${o.engine}`);
          const run = await rebuildEveryView({
            engine: o.engine,
            store,
            deployments: copy.deployments,
            batchSize: o.batch,
            readAheadBatches: o.ahead,
            head,
            timeoutMs: TIMEOUT_MS,
          });
          const rate = Math.round(eps(total, run.elapsedMs));
          rates.push(rate);
          emit({
            bench: 'rebuild-full',
            rep,
            engine: o.engine,
            events: total,
            eps: rate,
            seconds: Math.round(run.elapsedMs / 100) / 10,
            parked: run.parked,
            load: loadavg()[0],
          });
        } finally {
          await copy.drop();
        }
      }
      result.eps = Math.round(median(rates));
    }
  } finally {
    await store.close();
    await logPool.end();
    redis.disconnect();
    memcached.close();
  }
  emit({
    bench: 'rebuild',
    events: total,
    eps: result.eps ?? null,
    read_eps: result.read_eps ?? null,
    limiting_view: result.limiting_view ?? null,
    engine: o.engine,
    batch: o.batch,
    read_ahead_batches: o.ahead,
    shards: o.shards,
    databases: o.databases,
    active_readers: readers.length,
    users: summary.users,
    celebrity_followers: o.celebrity,
    document_cache: values.cache,
    view_eps: result.view_eps ?? null,
    view_cpu_s: result.view_cpu_s ?? null,
    cpu_bound_eps_2_cores: result.cpu_bound_eps_2_cores ?? null,
    reps: o.reps,
    load: [loadAtStart, loadavg()[0]],
  });
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`--${name}: ${value} is not one of ${allowed.join(', ')}`);
  return value as T;
}

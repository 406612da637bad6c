/**
 * The rebuild bench's measurements over the whole log: a bare read, and each view's handler alone.
 * Each reports events/s and where its CPU went (rebuild-cpu.ts).
 */
import { loadavg } from 'node:os';
import { PostgresEventStore, START, type EventStore } from '@photofeed/event-store';
import { Pool } from 'pg';
import {
  addCpu,
  backendPid,
  cpuSeconds,
  nodeCpuMs,
  noCpu,
  processCpuMs,
  type CpuMs,
} from './rebuild-cpu';
import { timeEachDeployment, type DeploymentTiming } from './rebuild-view-timing';
import { freshViewCopy, type RebuildServices, type ViewCopyOptions } from './rebuild-views-setup';
import { emit, eps, log, now } from './stats';

export interface PhaseResult {
  eps: number;
  cpu: CpuMs;
}

/**
 * The whole log through store.readAll in pages of 10,000 (the reader the projections use), no
 * handler, on one connection of its own so its backend's CPU can be read.
 */
export async function bareRead(url: string, expected: number): Promise<PhaseResult> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const store = new PostgresEventStore({ pool });
  try {
    const client = await pool.connect();
    const pid = await backendPid(client);
    client.release();
    const [nodeBefore, pgBefore] = [nodeCpuMs(), processCpuMs(pid)];
    const start = now();
    let after = START;
    let read = 0;
    for (;;) {
      const page = await store.readAll({ after, limit: 10_000 });
      read += page.events.length;
      after = page.checkpoint;
      if (page.caughtUp) break;
    }
    const elapsed = now() - start;
    if (read !== expected) throw new Error(`read ${read} events, the log holds ${expected}`);
    const cpu = {
      node: nodeCpuMs() - nodeBefore,
      postgres: processCpuMs(pid) - pgBefore,
      redis: 0,
    };
    log(`bare read: ${read} events in ${(elapsed / 1000).toFixed(1)} s`);
    return { eps: eps(read, elapsed), cpu };
  } finally {
    await store.close();
    await pool.end();
  }
}

/**
 * Every view of a fresh copy, each handler alone over the whole log (rebuild-view-timing.ts),
 * one `rebuild-view` line per view. A view's rate is log events / its handler seconds (the read
 * models' summed over their databases: the work the view takes, whichever cores run it).
 */
export async function eachViewAlone(
  store: EventStore,
  services: RebuildServices,
  options: ViewCopyOptions,
  batch: number,
  total: number,
  only?: readonly string[],
): Promise<Map<string, PhaseResult>> {
  const copy = await freshViewCopy(services, 'views', options);
  try {
    let lastLog = now();
    const deployments = copy.deployments.filter(
      (d) => !only || only.includes(viewOf(d.projection.name)),
    );
    const timings = await timeEachDeployment(store, services.redis, deployments, batch, (n) => {
      if (now() - lastLog < 15_000) return;
      lastLog = now();
      log(`  views alone: ${n} of ${total} events read`);
    });
    const results = new Map<string, PhaseResult>();
    for (const [view, parts] of groupByView(timings)) {
      const ms = parts.reduce((s, p) => s + p.handlerMs, 0);
      const cpu = noCpu();
      for (const p of parts) addCpu(cpu, p.cpu);
      results.set(view, { eps: eps(total, ms), cpu });
      emit({
        bench: 'rebuild-view',
        view,
        eps: Math.round(eps(total, ms)),
        handler_s: seconds(ms),
        cpu_s: cpuSeconds(cpu),
        events_handled: parts.reduce((s, p) => s + p.events, 0),
        batches: parts.reduce((s, p) => s + p.batches, 0),
        batch,
        ...(parts.length > 1 && { per_database_s: parts.map((p) => seconds(p.handlerMs)) }),
        load: loadavg()[0],
      });
    }
    return results;
  } finally {
    await copy.drop();
  }
}

/** `read-models-db0`, `read-models-db1` are one view (viewOf). */
function groupByView(timings: DeploymentTiming[]): Map<string, DeploymentTiming[]> {
  const byView = new Map<string, DeploymentTiming[]>();
  for (const t of timings) {
    const view = viewOf(t.projection);
    byView.set(view, [...(byView.get(view) ?? []), t]);
  }
  return byView;
}

const viewOf = (projection: string): string => projection.replace(/-db\d+$/, '');

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * Each view's handler alone over the whole log, from empty: the log is read once in big pages
 * (not timed), each deployment gets its own events (its filter) in batches of `batchSize`, as a
 * runner would hand them over, and only its handler is timed (for a Postgres view: BEGIN, the
 * handler, COMMIT and its after-commit work, as the runner does them). Handlers run one after
 * another, never side by side, so each time is that view's own cost. Besides wall time, the CPU
 * each handler call took here, in its Postgres backend and in Redis (rebuild-cpu.ts); Redis's
 * counts whatever else it served meanwhile too (other runs sharing it).
 */
import { START, type EventStore, type RecordedEvent } from '@photofeed/event-store';
import type { ProjectionDeployment } from '@photofeed/projections';
import type Redis from 'ioredis';
import {
  addCpu,
  backendPid,
  nodeCpuMs,
  noCpu,
  processCpuMs,
  redisCpuMs,
  type CpuMs,
} from './rebuild-cpu';
import { now } from './stats';

export interface DeploymentTiming {
  projection: string;
  /** Events handed to the handler (those its filter passes). */
  events: number;
  batches: number;
  handlerMs: number;
  cpu: CpuMs;
}

const READ_PAGE = 10_000;

export async function timeEachDeployment(
  store: EventStore,
  redis: Redis,
  deployments: readonly ProjectionDeployment[],
  batchSize: number,
  onPage?: (eventsRead: number) => void,
): Promise<DeploymentTiming[]> {
  const lanes = deployments.map((d) => new Lane(d, redis, batchSize));
  let after = START;
  let read = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: READ_PAGE });
    read += page.events.length;
    for (const lane of lanes) await lane.offer(page.events);
    onPage?.(read);
    after = page.checkpoint;
    if (page.caughtUp) break;
  }
  for (const lane of lanes) await lane.flush();
  return lanes.map((l) => l.timing);
}

class Lane {
  readonly timing: DeploymentTiming;
  private readonly types: ReadonlySet<string> | null;
  private buffer: RecordedEvent[] = [];

  constructor(
    private readonly deployment: ProjectionDeployment,
    private readonly redis: Redis,
    private readonly batchSize: number,
  ) {
    const { projection } = deployment;
    if (projection.filter?.streamCategories)
      throw new Error(`${projection.name}: stream category filters are not supported here`);
    this.types = projection.filter?.eventTypes ? new Set(projection.filter.eventTypes) : null;
    this.timing = {
      projection: projection.name,
      events: 0,
      batches: 0,
      handlerMs: 0,
      cpu: noCpu(),
    };
  }

  async offer(events: readonly RecordedEvent[]): Promise<void> {
    for (const e of events) if (!this.types || this.types.has(e.type)) this.buffer.push(e);
    while (this.buffer.length >= this.batchSize)
      await this.apply(this.buffer.splice(0, this.batchSize));
  }

  async flush(): Promise<void> {
    if (this.buffer.length > 0) await this.apply(this.buffer.splice(0));
  }

  private async apply(events: RecordedEvent[]): Promise<void> {
    const { projection, pool } = this.deployment;
    const redisBefore = await redisCpuMs(this.redis);
    let postgresMs = 0;
    const nodeBefore = nodeCpuMs();
    const start = now();
    if (projection.kind === 'redis') {
      await projection.handle(events);
    } else {
      const tx = await pool.connect();
      const pid = await backendPid(tx);
      const pgBefore = processCpuMs(pid);
      let afterCommit: void | (() => Promise<void>);
      try {
        await tx.query('BEGIN');
        afterCommit = await projection.handle(events, tx);
        await tx.query('COMMIT');
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        postgresMs = processCpuMs(pid) - pgBefore;
        tx.release();
      }
      if (afterCommit) await afterCommit();
    }
    this.timing.handlerMs += now() - start;
    const node = nodeCpuMs() - nodeBefore;
    addCpu(this.timing.cpu, {
      node,
      postgres: postgresMs,
      redis: (await redisCpuMs(this.redis)) - redisBefore,
    });
    this.timing.events += events.length;
    this.timing.batches++;
  }
}

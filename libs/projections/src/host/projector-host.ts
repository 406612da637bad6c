import { compareLogPositions, type EventStore, type LogPosition } from '@photofeed/event-store';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { Projection } from '../projection';
import {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from '../projection-runner';
import { CheckpointNotifier } from '../waiting/checkpoint-notifier';

/** A projection and the database holding its checkpoint (and, for Postgres views, its rows). */
export interface ProjectionDeployment {
  projection: Projection;
  pool: Pool;
}

export interface ProjectorHostOptions {
  store: EventStore;
  deployments: ProjectionDeployment[];
  /** Where the runners' metrics go. Default: a registry of the host's own. */
  registry?: Registry;
  /** Applied to every runner. */
  runner?: Pick<
    ProjectionRunnerOptions,
    'batchSize' | 'retry' | 'standbyPollMs' | 'controlPollMs' | 'holder'
  >;
}

export interface ProjectorHealth {
  ok: boolean;
  /** The event log answered (its head was read). */
  log: { ok: boolean; error?: string };
  /** Every database holding a checkpoint answered. */
  databases: { index: number; ok: boolean; error?: string }[];
  projections: ProjectionStatus[];
}

/**
 * Runs a set of projections in one process, a runner each: the projector app, and the api's
 * all-in-one development mode. Runners of the same database share one checkpoint notifier.
 * Several hosts may run the same projections: each projection is active in one of them, the
 * others stand by (see ProjectionRunner).
 */
export class ProjectorHost {
  readonly registry: Registry;
  private readonly store: EventStore;
  private readonly runners: ProjectionRunner[];
  private readonly notifiers = new Map<Pool, CheckpointNotifier>();
  private started = false;

  constructor(options: ProjectorHostOptions) {
    this.registry = options.registry ?? new Registry();
    this.store = options.store;
    const seen = new Set<string>();
    this.runners = options.deployments.map(({ projection, pool }) => {
      const key = `${projection.name} v${projection.version}`;
      if (seen.has(key)) throw new Error(`projection ${key} is deployed twice`);
      seen.add(key);
      let notifier = this.notifiers.get(pool);
      if (!notifier) this.notifiers.set(pool, (notifier = new CheckpointNotifier(pool)));
      return new ProjectionRunner({
        ...options.runner,
        store: options.store,
        pool,
        projection,
        registry: this.registry,
        notifier,
      });
    });
  }

  /** Resolves once every runner is either projecting or standing by. */
  async start(): Promise<void> {
    this.started = true;
    await Promise.all(this.runners.map((r) => r.start()));
  }

  /** Stops every runner (each finishes its batch and records itself stopped), then NOTIFYs. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.runners.map((r) => r.stop()));
    await Promise.all([...this.notifiers.values()].map((n) => n.flush()));
  }

  statuses(): ProjectionStatus[] {
    return this.runners.map((r) => r.status());
  }

  /** Every projection this host runs has reached `position` (tests, development mode). */
  async waitFor(position: LogPosition, timeoutMs: number): Promise<void> {
    await Promise.all(this.runners.map((r) => r.waitFor(position, timeoutMs)));
  }

  /** Whether every projection of this host has reached `position` now. */
  reached(position: LogPosition): boolean {
    return this.statuses().every(
      (s) => s.checkpoint !== null && compareLogPositions(s.checkpoint, position) >= 0,
    );
  }

  /** Healthy: started, the log answers, and so does every database holding a checkpoint. */
  async health(timeoutMs = 2_000): Promise<ProjectorHealth> {
    const probe = async (work: () => Promise<unknown>) => {
      try {
        await withTimeout(work(), timeoutMs);
        return { ok: true };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    };
    const [log, ...databases] = await Promise.all([
      probe(() => this.store.headPosition()),
      ...[...this.notifiers.keys()].map((pool) => probe(() => pool.query('SELECT 1'))),
    ]);
    return {
      ok: this.started && log.ok && databases.every((d) => d.ok),
      log,
      databases: databases.map((d, index) => ({ index, ...d })),
      projections: this.statuses(),
    };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

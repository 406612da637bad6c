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
  /** By `name vN`, in deployment order. */
  private runners = new Map<string, ProjectionRunner>();
  private readonly notifiers = new Map<Pool, CheckpointNotifier>();
  private started = false;

  constructor(private readonly options: ProjectorHostOptions) {
    this.registry = options.registry ?? new Registry();
    this.store = options.store;
    this.runners = this.runnersFor(options.deployments);
  }

  /** Resolves once every runner is either projecting or standing by. */
  async start(): Promise<void> {
    this.started = true;
    await Promise.all([...this.runners.values()].map((r) => r.start()));
  }

  /** Stops every runner (each finishes its batch and records itself stopped), then NOTIFYs. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    await Promise.all([...this.notifiers.values()].map((n) => n.flush()));
  }

  /**
   * Runs `deployments` from now on: runners of projections (name and version) no longer listed
   * stop, new ones start (standing by if another process holds them), the others go on untouched.
   * A view switched to a new version is handed over this way.
   */
  async replace(deployments: ProjectionDeployment[]): Promise<void> {
    const wanted = new Set(deployments.map(({ projection: p }) => runnerKey(p)));
    const leaving = [...this.runners].filter(([key]) => !wanted.has(key));
    const kept = new Map([...this.runners].filter(([key]) => wanted.has(key)));
    const added = this.runnersFor(
      deployments.filter(({ projection: p }) => !kept.has(runnerKey(p))),
    );
    this.runners = new Map(
      deployments.map(({ projection: p }) => {
        const key = runnerKey(p);
        return [key, kept.get(key) ?? added.get(key)!];
      }),
    );
    await Promise.all(leaving.map(([, r]) => r.stop()));
    if (this.started) await Promise.all([...added.values()].map((r) => r.start()));
  }

  statuses(): ProjectionStatus[] {
    return [...this.runners.values()].map((r) => r.status());
  }

  /** Every projection this host runs has reached `position` (tests, development mode). */
  async waitFor(position: LogPosition, timeoutMs: number): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.waitFor(position, timeoutMs)));
  }

  /** Whether every projection of this host has reached `position` now. */
  reached(position: LogPosition): boolean {
    return this.statuses().every(
      (s) => s.checkpoint !== null && compareLogPositions(s.checkpoint, position) >= 0,
    );
  }

  private runnersFor(deployments: ProjectionDeployment[]): Map<string, ProjectionRunner> {
    const runners = new Map<string, ProjectionRunner>();
    for (const { projection, pool } of deployments) {
      const key = runnerKey(projection);
      if (runners.has(key)) throw new Error(`projection ${key} is deployed twice`);
      let notifier = this.notifiers.get(pool);
      if (!notifier) this.notifiers.set(pool, (notifier = new CheckpointNotifier(pool)));
      runners.set(
        key,
        new ProjectionRunner({
          ...this.options.runner,
          store: this.store,
          pool,
          projection,
          registry: this.registry,
          notifier,
        }),
      );
    }
    return runners;
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

const runnerKey = (p: Projection) => `${p.name} v${p.version}`;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

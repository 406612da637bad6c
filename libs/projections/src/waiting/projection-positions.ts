import { compareLogPositions, maxLogPosition, type LogPosition } from '@photofeed/event-store';
import type { Pool } from 'pg';
import { checkpointKey, type CheckpointMove } from './checkpoint-payload';
import { CheckpointListener } from './checkpoint-listener';

/** A projection whose checkpoint another process moves; `pool` is the database holding it. */
export interface WatchedProjection {
  name: string;
  version: number;
  pool: Pool;
  /** Direct URL of that database for LISTEN, when `pool` goes through pgbouncer (transaction mode). */
  listenConnectionString?: string;
}

export interface ProjectionPositionsOptions {
  /** Reads the checkpoints this often while someone waits, in case a NOTIFY is lost. */
  pollIntervalMs?: number;
}

export interface WaitResult {
  reached: boolean;
  /** The named projections whose checkpoint is still before the position (empty when reached). */
  behind: string[];
}

interface Waiter {
  projections: WatchedProjection[];
  position: LogPosition;
  settle: () => void;
}

/**
 * Read-your-writes across processes: the api waits until projections run by the projector have
 * passed a write's log position. Latest known checkpoints are cached and kept current by the
 * runners' NOTIFY (sent after commit, carrying the checkpoints), one LISTEN connection per
 * database: a wait costs no query once its database is listened to. The table is read when
 * LISTEN (re)starts, for payload-less notifications, and by polling while someone waits.
 */
export class ProjectionPositions {
  private readonly byName = new Map<string, WatchedProjection>();
  private readonly known = new Map<string, LogPosition>();
  private readonly listeners = new Map<Pool, CheckpointListener>();
  private readonly waiters = new Set<Waiter>();
  private readonly pollIntervalMs: number;
  private pollTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(projections: WatchedProjection[], options: ProjectionPositionsOptions = {}) {
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    for (const p of projections) {
      if (this.byName.has(p.name)) throw new Error(`projection ${p.name} is listed twice`);
      this.byName.set(p.name, p);
    }
    const byPool = new Map<Pool, WatchedProjection[]>();
    for (const p of projections) byPool.set(p.pool, [...(byPool.get(p.pool) ?? []), p]);
    for (const [pool, list] of byPool) {
      const direct = list.find((p) => p.listenConnectionString)?.listenConnectionString;
      this.listeners.set(
        pool,
        new CheckpointListener(pool, list, (moves) => this.learned(moves), direct),
      );
    }
  }

  /**
   * Resolves as soon as every named projection's checkpoint is at or past `position`, or after
   * `timeoutMs` with `reached: false` and the ones still behind. Never rejects for a timeout.
   */
  async waitFor(names: string[], position: LogPosition, timeoutMs: number): Promise<WaitResult> {
    const projections = names.map((name) => {
      const p = this.byName.get(name);
      if (!p) throw new Error(`unknown projection ${name}`);
      return p;
    });
    if (this.behind(projections, position).length === 0) return { reached: true, behind: [] };
    if (this.closed || timeoutMs <= 0)
      return { reached: false, behind: this.behind(projections, position) };
    return new Promise<WaitResult>((resolve) => {
      const waiter: Waiter = {
        projections,
        position,
        settle: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          const behind = this.behind(projections, position);
          resolve({ reached: behind.length === 0, behind });
        },
      };
      const timer = setTimeout(waiter.settle, timeoutMs);
      this.waiters.add(waiter);
      this.schedulePoll();
      // Already listening: every move since is in the cache or its NOTIFY is on the way, so no
      // query. Otherwise LISTEN first, then read: a move in between is in one or the other.
      for (const listener of this.listenersOf(this.behindProjections(projections, position)))
        if (!listener.connected) void listener.listen().then(() => listener.read());
    });
  }

  /** Latest checkpoint this instance knows of (null: never seen). For diagnostics and tests. */
  knownCheckpoint(name: string): LogPosition | null {
    const p = this.byName.get(name);
    return p ? (this.known.get(checkpointKey(p)) ?? null) : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    for (const w of [...this.waiters]) w.settle();
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
  }

  private learned(moves: CheckpointMove[]): void {
    for (const move of moves) {
      const key = checkpointKey(move);
      const p = this.byName.get(move.name);
      if (!p || p.version !== move.version) continue;
      const before = this.known.get(key);
      this.known.set(key, before ? maxLogPosition(before, move.position) : move.position);
    }
    for (const w of [...this.waiters])
      if (this.behind(w.projections, w.position).length === 0) w.settle();
  }

  private behindProjections(projections: WatchedProjection[], position: LogPosition) {
    return projections.filter((p) => {
      const known = this.known.get(checkpointKey(p));
      return !known || compareLogPositions(known, position) < 0;
    });
  }

  private behind(projections: WatchedProjection[], position: LogPosition): string[] {
    return this.behindProjections(projections, position).map((p) => p.name);
  }

  private listenersOf(projections: WatchedProjection[]): Set<CheckpointListener> {
    return new Set(projections.map((p) => this.listeners.get(p.pool)!));
  }

  /** The fallback: while anyone waits, read the databases they wait on every pollIntervalMs. */
  private schedulePoll(): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      if (this.waiters.size === 0) return;
      const waitingOn = [...this.waiters].flatMap((w) =>
        this.behindProjections(w.projections, w.position),
      );
      for (const listener of this.listenersOf(waitingOn)) void listener.read();
      this.schedulePoll();
    }, this.pollIntervalMs);
    this.pollTimer.unref();
  }
}

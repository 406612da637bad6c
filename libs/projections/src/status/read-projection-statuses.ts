import { compareLogPositions, type LogPosition } from '@photofeed/event-store';
import type { Pool } from 'pg';
import type { ReportedState } from '../checkpoint-sql';
import { CHECKPOINT_EVENT_TIMES, CHECKPOINT_ROWS, LOG_HEAD } from './projection-status-sql';

/** One projection's row, as its active runner last reported it, with the lag computed now. */
export interface StoredProjectionStatus {
  name: string;
  version: number;
  checkpoint: LogPosition;
  /** What the lock holder last reported; check `lockHeld` to know whether it is still there. */
  state: ReportedState;
  /** host:pid of the runner that last held the projection. */
  heldBy: string | null;
  /** Whether some runner holds the projection's advisory lock right now. */
  lockHeld: boolean;
  /** Recorded time of the last event the runner applied (as it reported it). */
  lastEventAt: Date | null;
  /** The runner's rate over its ~10 s before `updatedAt`. */
  eventsPerSecond: number;
  updatedAt: Date;
  parked: number;
  /** An operator paused it (feedctl pause); `state` says whether the holder has stopped yet. */
  paused: boolean;
  /** Why the holder last started again from its checkpoint; cleared by its next batch. */
  lastError: { message: string; at: Date } | null;
  /** Processes standing by to take over (seen in the last 15 s). */
  standbys: string[];
  /** Events between checkpoint and head; approximate (seq gaps of rolled-back appends). */
  lagEvents: number;
  /** Head's recorded time minus that of the checkpoint's event; 0 when caught up. */
  lagSeconds: number;
}

export interface ProjectionStatusReport {
  /** The log's newest committed event; null while the log is empty. */
  head: { position: LogPosition; recordedAt: Date } | null;
  projections: StoredProjectionStatus[];
}

interface CheckpointRow {
  name: string;
  version: number;
  tx: string;
  seq: string;
  state: ReportedState;
  held_by: string | null;
  last_event_at: Date | null;
  events_per_second: number;
  updated_at: Date;
  parked: number;
  lock_held: boolean;
  paused: boolean;
  last_error: string | null;
  last_error_at: Date | null;
  standbys: string[];
}

/**
 * Every projection whose checkpoint lives in `pool`, for operators (`feedctl status`). The head
 * and event times come from the log: pass its pool as `logPool` when `pool` is a shard database.
 */
export async function readProjectionStatuses(
  pool: Pool,
  logPool: Pool = pool,
): Promise<ProjectionStatusReport> {
  const [{ rows }, headRows] = await Promise.all([
    pool.query<CheckpointRow>(CHECKPOINT_ROWS),
    logPool.query<{ tx: string; seq: string; recorded_at: Date }>(LOG_HEAD),
  ]);
  const head = headRows.rows.length
    ? {
        position: { tx: BigInt(headRows.rows[0].tx), seq: BigInt(headRows.rows[0].seq) },
        recordedAt: headRows.rows[0].recorded_at,
      }
    : null;
  const checkpoints = rows.map((r) => ({ tx: BigInt(r.tx), seq: BigInt(r.seq) }));
  const behind = head ? checkpoints.map((c) => compareLogPositions(c, head.position) < 0) : [];
  const times = behind.some(Boolean)
    ? (
        await logPool.query<{ recorded_at: Date | null }>(CHECKPOINT_EVENT_TIMES, [
          rows.map((r) => r.tx),
          rows.map((r) => r.seq),
        ])
      ).rows.map((t) => t.recorded_at)
    : [];
  return {
    head,
    projections: rows.map((r, i) => {
      const lag = head && behind[i] ? lagOf(checkpoints[i], head, times[i]) : NO_LAG;
      return {
        name: r.name,
        version: r.version,
        checkpoint: checkpoints[i],
        state: r.state,
        heldBy: r.held_by,
        lockHeld: r.lock_held,
        lastEventAt: r.last_event_at,
        eventsPerSecond: r.events_per_second,
        updatedAt: r.updated_at,
        parked: r.parked,
        paused: r.paused,
        lastError:
          r.last_error && r.last_error_at ? { message: r.last_error, at: r.last_error_at } : null,
        standbys: r.standbys,
        ...lag,
      };
    }),
  };
}

const NO_LAG = { lagEvents: 0, lagSeconds: 0 };

function lagOf(
  checkpoint: LogPosition,
  head: { position: LogPosition; recordedAt: Date },
  checkpointAt: Date | null,
): { lagEvents: number; lagSeconds: number } {
  // Behind by at least one, even where xid order and seq order disagree.
  const lagEvents = Math.max(1, Number(head.position.seq - checkpoint.seq));
  const lagSeconds = checkpointAt
    ? Math.max(0, (head.recordedAt.getTime() - checkpointAt.getTime()) / 1000)
    : 0;
  return { lagEvents, lagSeconds };
}

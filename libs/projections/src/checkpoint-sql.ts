import { START, type LogPosition, type RecordedEvent } from '@photofeed/event-store';
import type { Pool, PoolClient } from 'pg';

/** The SQL behind projection_checkpoints and projection_parked (migrations/projections). */

export interface ProjectionKey {
  name: string;
  version: number;
}

/** What the lock holder reports in the checkpoint row (migrations/projections/0002_status.sql). */
export type ReportedState = 'catching-up' | 'live' | 'stopped' | 'paused';

/** Status written with each checkpoint move, in the same statement. */
export interface BatchReport {
  state: ReportedState;
  /** Recorded time of the batch's last event; null keeps the previous value (filtered batch). */
  lastEventAt: Date | null;
  eventsPerSecond: number;
}

export async function readCheckpoint(pool: Pool, key: ProjectionKey): Promise<LogPosition> {
  const { rows } = await pool.query<{ tx: string; seq: string }>(
    'SELECT tx, seq FROM projection_checkpoints WHERE name = $1 AND version = $2',
    [key.name, key.version],
  );
  return rows.length ? toPosition(rows[0]) : START;
}

/** A claimed checkpoint, and whether an operator has paused the projection. */
export interface ClaimedCheckpoint {
  from: LogPosition;
  paused: boolean;
}

/**
 * Called by the runner that just took the lock: records it as the holder (creating the row at the
 * start of the log if there is none) and returns the checkpoint, in one round trip.
 */
export async function claimCheckpoint(
  pool: Pool,
  key: ProjectionKey,
  heldBy: string,
): Promise<ClaimedCheckpoint> {
  const { rows } = await pool.query<{ tx: string; seq: string; paused: boolean }>(
    `INSERT INTO projection_checkpoints (name, version, tx, seq, state, held_by)
     VALUES ($1, $2, 0, 0, 'catching-up', $3)
     ON CONFLICT (name, version) DO UPDATE
       SET state = CASE WHEN projection_checkpoints.paused THEN 'paused' ELSE excluded.state END,
           held_by = excluded.held_by, events_per_second = 0, updated_at = now()
     RETURNING tx, seq, paused`,
    [key.name, key.version, heldBy],
  );
  return { from: toPosition(rows[0]), paused: rows[0].paused };
}

/** Whether an operator paused the projection (false when it has no row yet). */
export async function readPaused(pool: Pool, key: ProjectionKey): Promise<boolean> {
  const { rows } = await pool.query<{ paused: boolean }>(
    'SELECT paused FROM projection_checkpoints WHERE name = $1 AND version = $2',
    [key.name, key.version],
  );
  return rows[0]?.paused ?? false;
}

/** Best effort, not fenced: why the holder is starting again (shown by feedctl status). */
export async function recordRunnerError(
  pool: Pool,
  key: ProjectionKey,
  error: unknown,
): Promise<void> {
  await pool.query(
    `UPDATE projection_checkpoints SET last_error = $3, last_error_at = now()
      WHERE name = $1 AND version = $2`,
    [key.name, key.version, describeError(error).slice(0, 2000)],
  );
}

/** A standby's heartbeat (seen_at), or its goodbye once it holds the lock or stops. */
export async function markStandby(
  pool: Pool,
  key: ProjectionKey,
  holder: string,
  waiting: boolean,
): Promise<void> {
  await pool.query(
    waiting
      ? `INSERT INTO projection_standbys (name, version, holder) VALUES ($1, $2, $3)
         ON CONFLICT (name, version, holder) DO UPDATE SET seen_at = now()`
      : 'DELETE FROM projection_standbys WHERE name = $1 AND version = $2 AND holder = $3',
    [key.name, key.version, holder],
  );
}

/** Another runner moved the checkpoint: this one lost its lock and must not write. */
export class CheckpointMovedError extends Error {
  constructor(key: ProjectionKey) {
    super(`checkpoint of ${key.name} v${key.version} was moved by another runner`);
    this.name = 'CheckpointMovedError';
  }
}

/**
 * Runs inside the view's transaction: the checkpoint commits with the rows or not at all. It moves
 * only from `from`, the position this runner last committed: a fence, so a runner that lost its
 * lock mid-batch (while a standby took over) cannot commit a batch twice. The status rides along,
 * and the answer says whether an operator has paused the projection meanwhile.
 */
export async function saveCheckpoint(
  tx: PoolClient,
  key: ProjectionKey,
  from: LogPosition,
  to: LogPosition,
  report: BatchReport,
): Promise<{ paused: boolean }> {
  const { rowCount, rows } = await tx.query<{ paused: boolean }>(
    `UPDATE projection_checkpoints
        SET tx = $5, seq = $6, state = $7, last_event_at = coalesce($8, last_event_at),
            events_per_second = $9, updated_at = now(), last_error = NULL, last_error_at = NULL
      WHERE name = $1 AND version = $2 AND tx = $3 AND seq = $4
      RETURNING paused`,
    [
      key.name,
      key.version,
      from.tx.toString(),
      from.seq.toString(),
      to.tx.toString(),
      to.seq.toString(),
      report.state,
      report.lastEventAt,
      report.eventsPerSecond,
    ],
  );
  if (rowCount !== 1) throw new CheckpointMovedError(key);
  return { paused: rows[0].paused };
}

/**
 * A state change without a checkpoint move (caught up at takeover, stopped). Fenced like a
 * checkpoint: a runner that lost the projection to another changes nothing. False when fenced.
 */
export async function reportState(
  pool: Pool,
  key: ProjectionKey,
  at: LogPosition,
  heldBy: string,
  state: ReportedState,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE projection_checkpoints SET state = $6, updated_at = now(),
            events_per_second = CASE WHEN $6 = 'stopped' THEN 0 ELSE events_per_second END
      WHERE name = $1 AND version = $2 AND tx = $3 AND seq = $4 AND held_by = $5`,
    [key.name, key.version, at.tx.toString(), at.seq.toString(), heldBy, state],
  );
  return rowCount === 1;
}

/** Runs in the transaction that moves the checkpoint past the event. */
export async function parkEvent(
  tx: PoolClient,
  key: ProjectionKey,
  event: RecordedEvent,
  error: unknown,
  attempts: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO projection_parked (name, version, event_id, tx, seq, error, attempts)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (name, version, event_id)
     DO UPDATE SET error = excluded.error, attempts = projection_parked.attempts + excluded.attempts,
                   parked_at = now()`,
    [
      key.name,
      key.version,
      event.id,
      event.position.tx.toString(),
      event.position.seq.toString(),
      describeError(error),
      attempts,
    ],
  );
}

export async function countParked(pool: Pool, key: ProjectionKey): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM projection_parked WHERE name = $1 AND version = $2',
    [key.name, key.version],
  );
  return rows[0].n;
}

function toPosition(row: { tx: string; seq: string }): LogPosition {
  return { tx: BigInt(row.tx), seq: BigInt(row.seq) };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

import { START, type LogPosition, type RecordedEvent } from '@photofeed/event-store';
import type { Pool, PoolClient } from 'pg';

/** The SQL behind projection_checkpoints and projection_parked (migrations/log/0003). */

export interface ProjectionKey {
  name: string;
  version: number;
}

export async function readCheckpoint(pool: Pool, key: ProjectionKey): Promise<LogPosition> {
  const { rows } = await pool.query<{ tx: string; seq: string }>(
    'SELECT tx, seq FROM projection_checkpoints WHERE name = $1 AND version = $2',
    [key.name, key.version],
  );
  return rows.length ? { tx: BigInt(rows[0].tx), seq: BigInt(rows[0].seq) } : START;
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
 * lock mid-batch (while a standby took over) cannot commit a batch twice.
 */
export async function saveCheckpoint(
  tx: PoolClient,
  key: ProjectionKey,
  from: LogPosition,
  to: LogPosition,
): Promise<void> {
  const { rowCount } = await tx.query(
    `INSERT INTO projection_checkpoints (name, version, tx, seq) VALUES ($1, $2, $5, $6)
     ON CONFLICT (name, version) DO UPDATE SET tx = excluded.tx, seq = excluded.seq, updated_at = now()
     WHERE projection_checkpoints.tx = $3 AND projection_checkpoints.seq = $4`,
    [
      key.name,
      key.version,
      from.tx.toString(),
      from.seq.toString(),
      to.tx.toString(),
      to.seq.toString(),
    ],
  );
  if (rowCount !== 1) throw new CheckpointMovedError(key);
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

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

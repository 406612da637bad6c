import { formatLogPosition, type LogPosition } from '@photofeed/event-store';
import type { Pool } from 'pg';
import type { ProjectionKey } from '../checkpoint-sql';
import { CHECKPOINT_ROWS } from '../status/projection-status-sql';

/**
 * What an operator does to a running projection (feedctl pause / resume / reset). The runner that
 * holds the projection, in whatever process, reads its row and obeys: these functions only write
 * the row and wait for the holder to say it did.
 */

export class ProjectionControlError extends Error {
  override name = 'ProjectionControlError';
}

/**
 * Pauses (or resumes) a projection. Resolves once the holder reports it (state 'paused', or any
 * other state after a resume), or at once when no runner holds it. False when the projection has
 * no checkpoint row in this database.
 */
export async function setPaused(
  pool: Pool,
  key: ProjectionKey,
  paused: boolean,
  timeoutMs = 10_000,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    'UPDATE projection_checkpoints SET paused = $3 WHERE name = $1 AND version = $2',
    [key.name, key.version, paused],
  );
  if (rowCount !== 1) return false;
  await waitUntil(
    pool,
    key,
    (row) => !row.lock_held || (paused ? row.state === 'paused' : row.state !== 'paused'),
    timeoutMs,
    paused ? 'did not pause' : 'did not resume',
  );
  return true;
}

/**
 * Moves a paused projection's checkpoint: the holder goes on from there when resumed. Back
 * re-applies events (every view is idempotent), forward skips them: the caller confirms first.
 */
export async function resetCheckpoint(
  pool: Pool,
  key: ProjectionKey,
  to: LogPosition,
): Promise<void> {
  const { rowCount } = await pool.query(
    `UPDATE projection_checkpoints SET tx = $3, seq = $4, updated_at = now()
      WHERE name = $1 AND version = $2 AND paused`,
    [key.name, key.version, to.tx.toString(), to.seq.toString()],
  );
  if (rowCount !== 1)
    throw new ProjectionControlError(
      `${key.name} v${key.version} must be paused to reset it to ${formatLogPosition(to)}`,
    );
}

interface ControlRow {
  name: string;
  version: number;
  state: string;
  lock_held: boolean;
}

async function waitUntil(
  pool: Pool,
  key: ProjectionKey,
  done: (row: ControlRow) => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const { rows } = await pool.query<ControlRow>(CHECKPOINT_ROWS);
    const row = rows.find((r) => r.name === key.name && r.version === key.version);
    if (!row || done(row)) return;
    if (Date.now() > deadline)
      throw new ProjectionControlError(
        `${key.name} v${key.version} ${what} within ${timeoutMs} ms (its holder: state ${row.state})`,
      );
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

import { formatLogPosition, parseLogPosition, type LogPosition } from '@photofeed/event-store';
import type { ProjectionKey } from '../checkpoint-sql';

/** The channel runners NOTIFY after a checkpoint commit, and ProjectionPositions LISTENs on. */
export const CHECKPOINT_CHANNEL = 'projection_checkpoint';

/** Postgres refuses payloads of 8000 bytes or more; keep a margin for quoting. */
const MAX_PAYLOAD = 7_900;

export interface CheckpointMove extends ProjectionKey {
  position: LogPosition;
}

export function checkpointKey(key: ProjectionKey): string {
  return `${key.name}:v${key.version}`;
}

/**
 * The committed checkpoints a NOTIFY announces: `[[name, version, "<tx>-<seq>"], ...]`. Too many
 * to fit: the empty payload, which tells listeners to read the checkpoints themselves.
 */
export function encodeCheckpointPayload(moves: Iterable<CheckpointMove>): string {
  const text = JSON.stringify(
    [...moves].map((m) => [m.name, m.version, formatLogPosition(m.position)]),
  );
  return Buffer.byteLength(text) < MAX_PAYLOAD ? text : '';
}

/** Null when the payload names no checkpoint (empty or not ours): read them from the table. */
export function decodeCheckpointPayload(payload: string | undefined): CheckpointMove[] | null {
  if (!payload) return null;
  try {
    const parsed: unknown = JSON.parse(payload);
    if (!Array.isArray(parsed)) return null;
    const moves: CheckpointMove[] = [];
    for (const item of parsed) {
      if (!Array.isArray(item) || item.length !== 3) return null;
      const [name, version, position] = item as unknown[];
      if (typeof name !== 'string' || typeof version !== 'number' || typeof position !== 'string')
        return null;
      moves.push({ name, version, position: parseLogPosition(position) });
    }
    return moves;
  } catch {
    return null;
  }
}

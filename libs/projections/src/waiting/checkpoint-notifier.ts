import type { LogPosition } from '@photofeed/event-store';
import { escapeLiteral, type Pool } from 'pg';
import type { ProjectionKey } from '../checkpoint-sql';
import {
  CHECKPOINT_CHANNEL,
  checkpointKey,
  encodeCheckpointPayload,
  type CheckpointMove,
} from './checkpoint-payload';

/**
 * Announces committed checkpoints of one database with `NOTIFY projection_checkpoint`, so other
 * processes waiting for read-your-writes (ProjectionPositions) wake without polling.
 *
 * Never inside the view's transaction: a notifying commit takes a database-wide lock, which would
 * serialize every batch commit (docs/ARCHITECTURE.md, "Waking subscribers"). Coalesced: while one
 * NOTIFY is in flight, any number of moves make at most one more, carrying the latest checkpoint
 * of each projection. Best effort: a lost NOTIFY only delays waiters until they poll.
 */
export class CheckpointNotifier {
  private pending = new Map<string, CheckpointMove>();
  private sending: Promise<void> | null = null;

  constructor(private readonly pool: Pool) {}

  /** Call after the checkpoint's transaction committed. */
  moved(key: ProjectionKey, position: LogPosition): void {
    this.pending.set(checkpointKey(key), { ...key, position });
    this.sending ??= this.send().finally(() => (this.sending = null));
  }

  /** Resolves once what is pending has been sent (before the pool is closed). */
  async flush(): Promise<void> {
    await this.sending;
  }

  private async send(): Promise<void> {
    while (this.pending.size > 0) {
      const moves = this.pending.values();
      this.pending = new Map();
      const payload = escapeLiteral(encodeCheckpointPayload(moves));
      // Its own transaction with no durability to wait for: one round trip, no WAL flush.
      await this.pool
        .query(
          `BEGIN; SET LOCAL synchronous_commit TO off; ` +
            `SELECT pg_notify('${CHECKPOINT_CHANNEL}', ${payload}); COMMIT;`,
        )
        .catch(() => undefined);
    }
  }
}

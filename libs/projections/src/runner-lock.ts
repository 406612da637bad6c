import type { Pool, PoolClient } from 'pg';
import type { ProjectionKey } from './checkpoint-sql';

/**
 * One active runner per projection across processes: a SESSION advisory lock held on a client of
 * its own. If the process dies, its connection closes and Postgres frees the lock, so a standby
 * takes over without any lease to expire.
 */
export interface HeldLock {
  /** Resolves when the lock's connection is lost: the lock is gone, stop projecting. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

// The one-bigint key space: distinct from the two-int keys append_events locks streams with.
const LOCK_KEY = 'SELECT hashtextextended($1, 0) AS key';

/** The text whose hash is the projection's lock key (status readers look the lock up by it). */
export function advisoryLockName(key: ProjectionKey): string {
  return `projection:${key.name}:${key.version}`;
}

export async function tryLock(pool: Pool, key: ProjectionKey): Promise<HeldLock | null> {
  const client: PoolClient = await pool.connect();
  let lostResolve!: () => void;
  const lost = new Promise<void>((resolve) => (lostResolve = resolve));
  const onError = () => lostResolve();
  client.on('error', onError);
  try {
    const { rows } = await client.query<{ granted: boolean }>(
      `SELECT pg_try_advisory_lock(k.key) AS granted FROM (${LOCK_KEY}) k`,
      [advisoryLockName(key)],
    );
    if (!rows[0].granted) {
      client.off('error', onError);
      client.release();
      return null;
    }
  } catch (err) {
    client.off('error', onError);
    client.release(true);
    throw err;
  }
  return {
    lost,
    async release() {
      client.off('error', onError);
      client.on('error', () => undefined); // a connection dying now must not crash the process
      // Unlock first, so the lock is free when release() resolves (closing a connection frees it
      // only once the server notices); then destroy the connection anyway, which frees it for
      // sure even if the unlock failed: a pooled session must not carry locks around.
      await client
        .query(`SELECT pg_advisory_unlock(k.key) FROM (${LOCK_KEY}) k`, [advisoryLockName(key)])
        .catch(() => undefined);
      client.release(true);
    },
  };
}

import { compareLogPositions, type LogPosition } from '@photofeed/event-store';
import type { Pool, PoolClient } from 'pg';
import { isInfrastructureError } from './infrastructure-error';

/** A handler threw: the event (or batch) is at fault, not the database around it. */
export class HandlerFailed extends Error {
  constructor(readonly failure: unknown) {
    super('projection handler failed');
  }
}

/** Runs the handler; its failures become HandlerFailed, except outages, which pass through. */
export async function guard<T>(handle: () => Promise<T>): Promise<T> {
  try {
    return await handle();
  } catch (err) {
    throw isInfrastructureError(err) ? err : new HandlerFailed(err);
  }
}

/** A backoff or standby wait ended by stop(). */
export class Stopped extends Error {}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new Stopped());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Stopped());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function inTransaction(
  pool: Pool,
  work: (tx: PoolClient) => Promise<void>,
): Promise<void> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    await work(tx);
    await tx.query('COMMIT');
    tx.release();
  } catch (err) {
    // A client whose ROLLBACK fails is broken: destroy it rather than pool it.
    await tx.query('ROLLBACK').then(
      () => tx.release(),
      (rollbackErr: Error) => tx.release(rollbackErr),
    );
    throw err;
  }
}

interface Waiter {
  position: LogPosition;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** In-process waits for a checkpoint position (ProjectionRunner.waitFor). */
export class CheckpointWaiters {
  private readonly waiters = new Set<Waiter>();

  wait(position: LogPosition, timeoutMs: number, onTimeout: () => Error): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(onTimeout());
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (err) => (clearTimeout(timer), reject(err)),
      };
      this.waiters.add(waiter);
    });
  }

  reached(checkpoint: LogPosition): void {
    for (const w of this.waiters) {
      if (compareLogPositions(checkpoint, w.position) >= 0) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  rejectAll(err: Error): void {
    for (const w of this.waiters) w.reject(err);
    this.waiters.clear();
  }
}

import type { EventStore, LogPosition } from '@photofeed/event-store';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import type { Projection } from './projection';
import type { CheckpointNotifier } from './waiting/checkpoint-notifier';

export type RunnerState = 'standby' | 'catching-up' | 'live' | 'paused' | 'stopped';

export interface ProjectionStatus {
  name: string;
  version: number;
  state: RunnerState;
  /** Null until this runner holds the lock and has read the checkpoint. */
  checkpoint: LogPosition | null;
  parked: number;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** The view's database: rows, checkpoint, parked events and the advisory lock live here. */
  pool: Pool;
  projection: Projection;
  batchSize?: number;
  /** Per batch, then per event when a batch keeps failing. Delay doubles from baseDelayMs. */
  retry?: { attempts: number; baseDelayMs: number };
  /** How often a standby runner asks for the lock again. */
  standbyPollMs?: number;
  /** How often the holder reads its row for an operator's pause (also while paused). */
  controlPollMs?: number;
  registry?: Registry;
  /** Reported as `held_by` in the status row. Default `<hostname>:<pid>`. */
  holder?: string;
  /**
   * Announces each committed checkpoint (NOTIFY, after commit) to waiters in other processes.
   * Default: one of its own on `pool`; share one per database; null to announce nothing.
   */
  notifier?: CheckpointNotifier | null;
}

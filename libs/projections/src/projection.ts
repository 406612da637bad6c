import type { EventFilter, RecordedEvent } from '@photofeed/event-store';
import type { PoolClient } from 'pg';

/**
 * A read model built from the log. `name` + `version` identify its checkpoint: a new version
 * rebuilds beside the old one from the start of the log.
 */
interface ProjectionIdentity {
  name: string;
  version: number;
  /** Only these events reach the handler; skipped events still move the checkpoint. */
  filter?: EventFilter;
}

/**
 * Work to do once the batch's transaction has committed (e.g. refresh a cache entry with the row
 * just written). Best effort: a failure is logged, never retried, and never moves the view.
 */
export type AfterCommit = () => Promise<void>;

/**
 * A view in Postgres. The handler writes its rows through `tx`, inside the transaction that also
 * moves the checkpoint, so a restart anywhere neither loses nor repeats a batch.
 */
export interface PostgresProjection extends ProjectionIdentity {
  kind?: 'postgres';
  handle(events: RecordedEvent[], tx: PoolClient): Promise<void | AfterCommit>;
}

/**
 * A view outside Postgres (Redis). There is no transaction to share, so the checkpoint is stored
 * after the handler's writes: a crash in between applies the batch again. Every write must
 * therefore be idempotent: applying a suffix of the log twice leaves the view as applying it once.
 */
export interface RedisProjection extends ProjectionIdentity {
  kind: 'redis';
  handle(events: RecordedEvent[]): Promise<void>;
}

export type Projection = PostgresProjection | RedisProjection;

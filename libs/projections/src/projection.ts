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
 * A view in Postgres. The handler writes its rows through `tx`, inside the transaction that also
 * moves the checkpoint, so a restart anywhere neither loses nor repeats a batch.
 */
export interface PostgresProjection extends ProjectionIdentity {
  kind?: 'postgres';
  handle(events: RecordedEvent[], tx: PoolClient): Promise<void>;
}

/**
 * The only kind built so far. A second kind (idempotent writes elsewhere, e.g. Redis, checkpoint
 * stored after them) will join this union with its own `kind`.
 */
export type Projection = PostgresProjection;

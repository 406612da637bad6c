import { PostgresEventStore, type LogPosition } from '@photofeed/event-store';
import type { Subject, SubjectOptions } from '../workload';

/** Ours: PostgresEventStore (append_events() per append, readAll below pg_snapshot_xmin). */
export async function createSubject(o: SubjectOptions): Promise<Subject> {
  const store = new PostgresEventStore({
    connectionString: o.connectionString,
    maxConnections: o.maxConnections,
  });
  return {
    async init() {
      // The schema comes from the project's migrations (freshBenchDatabase).
    },
    async appendNewStream(streamId, events) {
      await store.append(streamId, events, { expectedRevision: 'noStream' });
    },
    async readAll(batchSize) {
      let after: LogPosition | undefined;
      let seen = 0;
      for (;;) {
        const batch = await store.readAll({ after, limit: batchSize });
        seen += batch.events.length;
        after = batch.checkpoint;
        if (batch.caughtUp) return seen;
      }
    },
    close: () => store.close(),
  };
}

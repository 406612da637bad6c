import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { dumbo } from '@event-driven-io/dumbo';
import { Pool } from 'pg';
import type { Subject, SubjectOptions } from '../workload';

/**
 * Emmett 0.42 on PostgreSQL, pooled through a pg.Pool of the same size as ours.
 * Note: creating it installs dumbo's pg type parsers process-wide (int8 → BigInt, json(b) through
 * its own serializer), one reason each store runs in its own child process.
 */
export async function createSubject(o: SubjectOptions): Promise<Subject> {
  const pool = new Pool({ connectionString: o.connectionString, max: o.maxConnections });
  const store = getPostgreSQLEventStore(o.connectionString, { connectionOptions: { pool } });
  // The reader: the same executor Emmett's consumers hand to readMessagesBatch.
  const reader = dumbo({ connectionString: o.connectionString, pool });
  return {
    async init() {
      // Emmett creates its schema on first use; do it now so no measurement pays for it.
      await store.schema.migrate();
    },
    async appendNewStream(streamId, events) {
      await store.appendToStream(
        streamId,
        events.map((e) => ({
          type: e.type,
          data: e.data,
          metadata: { ...e.metadata, messageId: e.id },
        })),
        { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
      );
    },
    async readAll(batchSize) {
      // What postgreSQLEventStoreMessageBatchPuller does, minus its sleep between batches
      // (pullingFrequencyInMs, 50 ms by default), which would dominate a catch-up of the log.
      let after = 0n;
      let seen = 0;
      for (;;) {
        const batch = await readMessagesBatch(reader.execute, { after, batchSize });
        seen += batch.messages.length;
        after = batch.currentGlobalPosition;
        if (!batch.areMessagesLeft) return seen;
      }
    },
    async close() {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

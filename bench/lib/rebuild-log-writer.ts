/**
 * Writes the simulated log as the write side would have: one transaction per append (one command,
 * one xid), its events in order, each stream's revisions counting on from the revision the
 * handler read. The rows are those append_events() would insert for the same arguments (same
 * stream ids, revisions, event ids, types, version, data and metadata; xid, position and
 * recorded_at filled in by the table's defaults): rebuild-log-writer.int.spec.ts compares them
 * with PostgresEventStore.appendMany's.
 *
 * It inserts the rows directly rather than through append_events(): the simulation is the only
 * writer and already knows every revision, so the function's per-stream locks and probes would
 * only cost time (measured on this machine under load: 8.7-10.8k events/s inserting, 0.4-2.3k
 * through the function, whose cached plans from a then-empty table degrade as it fills). The
 * unique (stream_id, stream_revision) index still refuses a wrong revision.
 *
 * Also fast: many transactions per round trip (`BEGIN; INSERT ...; COMMIT;` repeated in one
 * simple-protocol query: each BEGIN..COMMIT is its own transaction) and synchronous_commit off for
 * this session (commits do not wait for the WAL flush; the table ends up the same). One
 * connection, so commit order is the simulation's order.
 */
import { Client, escapeLiteral } from 'pg';
import type { LogAppend } from './rebuild-log-model';

const COLUMNS = 'stream_id, stream_revision, event_id, type, schema_version, data, metadata';

/** One append as one transaction of SQL text. */
export function appendStatement(append: LogAppend): string {
  const rows: string[] = [];
  for (const request of append) {
    const read = request.expectedRevision === 'noStream' ? -1n : request.expectedRevision;
    request.events.forEach((e, i) => {
      const values = [
        escapeLiteral(request.streamId),
        (read + BigInt(i + 1)).toString(),
        `${escapeLiteral(e.id)}::uuid`,
        escapeLiteral(e.type),
        '1',
        `${escapeLiteral(JSON.stringify(e.data))}::jsonb`,
        `${escapeLiteral(JSON.stringify(e.metadata))}::jsonb`,
      ];
      rows.push(`(${values.join(',')})`);
    });
  }
  return `BEGIN;INSERT INTO events (${COLUMNS}) VALUES ${rows.join(',')};COMMIT;`;
}

export interface WriteProgress {
  appends: number;
  elapsedMs: number;
}

/**
 * Appends everything `appends` yields, `perQuery` transactions per round trip; the next query's
 * text is built while the previous one runs.
 */
export async function writeLog(
  url: string,
  appends: Iterable<LogAppend>,
  options: { perQuery?: number; onProgress?: (p: WriteProgress) => void } = {},
): Promise<number> {
  const perQuery = options.perQuery ?? 250;
  const client = new Client({ connectionString: url });
  await client.connect();
  const start = performance.now();
  let written = 0;
  try {
    await client.query('SET synchronous_commit = off');
    const iterator = appends[Symbol.iterator]();
    const nextQuery = (): { sql: string; n: number } => {
      const parts: string[] = [];
      for (let r = iterator.next(); !r.done; r = iterator.next()) {
        parts.push(appendStatement(r.value));
        if (parts.length === perQuery) break;
      }
      return { sql: parts.join(''), n: parts.length };
    };
    let query = nextQuery();
    while (query.n > 0) {
      const running = client.query(query.sql);
      const next = nextQuery();
      await running;
      written += query.n;
      options.onProgress?.({ appends: written, elapsedMs: performance.now() - start });
      query = next;
    }
  } finally {
    await client.end();
  }
  return written;
}

import { Pool } from 'pg';
import type { Subject, SubjectOptions } from '../workload';

/**
 * The ceiling: one plain INSERT statement (a named prepared statement per batch size) into
 * `raw_events`, a copy of `events` (LIKE events INCLUDING ALL: same columns, defaults, identity,
 * constraints and indexes). Stream revisions 0..n-1 come from the client: no lock, no check.
 */
export async function createSubject(o: SubjectOptions): Promise<Subject> {
  const pool = new Pool({ connectionString: o.connectionString, max: o.maxConnections });
  const statements = new Map<number, string>();
  const insertSql = (n: number): string => {
    let sql = statements.get(n);
    if (!sql) {
      const rows = Array.from({ length: n }, (_, i) => {
        const p = i * 6;
        return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`;
      });
      sql = `INSERT INTO raw_events (stream_id, stream_revision, event_id, type, data, metadata) VALUES ${rows.join(', ')}`;
      statements.set(n, sql);
    }
    return sql;
  };
  return {
    async init() {
      await pool.query('CREATE TABLE IF NOT EXISTS raw_events (LIKE events INCLUDING ALL)');
    },
    async appendNewStream(streamId, events) {
      const values: unknown[] = [];
      events.forEach((e, i) =>
        values.push(streamId, i, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)),
      );
      await pool.query({
        name: `raw_insert_${events.length}`,
        text: insertSql(events.length),
        values,
      });
    },
    async readAll() {
      throw new Error('raw_insert is an append ceiling only');
    },
    async close() {
      await pool.end();
    },
  };
}

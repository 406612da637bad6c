import { PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { SocialLogModel, type LogAppend } from './rebuild-log-model';
import { writeLog } from './rebuild-log-writer';

const ROWS = `SELECT stream_id, stream_revision, event_id, type, schema_version, data, metadata
  FROM events ORDER BY transaction_id, global_position`;

const appendsOf = (seed: number): LogAppend[] => [
  ...new SocialLogModel({ events: 3_000, shards: 8, seed }).appends(),
];

describe("the rebuild bench's log writer", () => {
  let bulk: TestDatabase;
  let store: TestDatabase;

  beforeAll(async () => {
    [bulk, store] = await Promise.all([
      createTestDatabase('rebuild_bulk'),
      createTestDatabase('rebuild_store'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([bulk.drop(), store.drop()]);
  });

  it('writes the rows PostgresEventStore.appendMany writes, one transaction per append', async () => {
    const appends = appendsOf(7);
    await writeLog(bulk.url, appends, { perQuery: 100 });
    const es = new PostgresEventStore({ connectionString: store.url, maxConnections: 1 });
    try {
      for (const append of appends) await es.appendMany(append);
    } finally {
      await es.close();
    }
    const [a, b] = [bulk.pool({ max: 1 }), store.pool({ max: 1 })];
    const [bulkRows, storeRows] = await Promise.all([a.query(ROWS), b.query(ROWS)]);
    expect(bulkRows.rows.length).toBeGreaterThanOrEqual(3_000);
    expect(bulkRows.rows).toEqual(storeRows.rows);
    const xids = 'SELECT count(DISTINCT transaction_id)::int AS n FROM events';
    expect((await a.query(xids)).rows[0].n).toBe(appends.length);
    expect((await b.query(xids)).rows[0].n).toBe(appends.length);
  });

  it('is deterministic: the same seed gives the same appends, another seed others', () => {
    const text = (appends: LogAppend[]) =>
      JSON.stringify(appends, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(text(appendsOf(3))).toBe(text(appendsOf(3)));
    expect(text(appendsOf(3))).not.toBe(text(appendsOf(4)));
  });
});

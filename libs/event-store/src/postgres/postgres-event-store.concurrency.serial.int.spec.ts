import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { WrongExpectedRevisionError } from '../errors';
import { compareLogPositions, START } from '../log-position';
import type { LogPosition, NewEvent, RecordedEvent } from '../types';
import { PostgresEventStore } from './postgres-event-store';

/**
 * The guarantees that event stores have shipped bugs against: no event skipped when its
 * transaction commits late, none delivered twice, each stream in revision order, and exactly one
 * winner per expected revision.
 */

let db: TestDatabase;
let writer: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('es_concurrency');
  writer = new PostgresEventStore({ connectionString: db.url, maxConnections: 20 });
});
afterAll(async () => {
  await writer.close();
  await db.drop();
});

const newEvent = (type = 'Written', data: unknown = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
});

/** Resolves when `condition()` holds, re-checked on every `notify()`; rejects after `ms`. */
function until(condition: () => boolean, ms: number) {
  let wake = () => undefined as void;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`condition not met within ${ms} ms`)), ms);
    wake = () => {
      if (condition()) {
        clearTimeout(timer);
        resolve();
      }
    };
  });
  return { done, notify: () => wake() };
}

describe('global order under concurrency', () => {
  it('16 writers × 2,000 events on overlapping streams, one transaction open until last: every event once, streams in order, checkpoint held back while it is open', async () => {
    const WRITERS = 16;
    const PER_WRITER = 2_000;
    const STREAMS = 64;
    const total = WRITERS * PER_WRITER + 1;

    // The subscriber is another store, as another process would be: it learns of appends by NOTIFY.
    const reader = new PostgresEventStore({
      connectionString: db.url,
      maxConnections: 2,
      pollIntervalMs: 100,
    });
    const received = new Map<string, RecordedEvent>();
    const lastRevision = new Map<string, bigint>();
    const violations: string[] = [];
    let duplicates = 0;
    let late: { tx: bigint; open: boolean } | undefined;
    let checkpoint: LogPosition = START;
    const allReceived = until(() => received.size === total, 120_000);

    const subscription = reader.subscribeToAll({ batchSize: 500 });
    const consuming = (async () => {
      for await (const batch of subscription) {
        for (const e of batch.events) {
          if (received.has(e.id)) duplicates++;
          received.set(e.id, e);
          const expected = (lastRevision.get(e.streamId) ?? -1n) + 1n;
          if (e.streamRevision !== expected)
            violations.push(`${e.streamId}: got ${e.streamRevision}, expected ${expected}`);
          lastRevision.set(e.streamId, e.streamRevision);
        }
        if (late?.open && batch.checkpoint.tx >= late.tx)
          violations.push(`checkpoint ${batch.checkpoint.tx} passed open tx ${late.tx}`);
        checkpoint = batch.checkpoint;
        allReceived.notify();
      }
    })();

    // One transaction appends, then stays open while everyone else writes.
    const lateClient = new Client({ connectionString: db.url });
    await lateClient.connect();
    const lateEvent = newEvent('LateCommitted');
    let written = 0;
    const openLate = async () => {
      await lateClient.query('BEGIN');
      const { rows } = await lateClient.query(
        `SELECT transaction_id FROM append_events(ARRAY['late-1'], ARRAY[-2]::bigint[], $1::jsonb)`,
        [JSON.stringify([{ s: 1, id: lateEvent.id, type: lateEvent.type, data: {} }])],
      );
      late = { tx: BigInt(rows[0].transaction_id), open: true };
    };

    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < PER_WRITER; i++) {
          await writer.append(`conc-${(w * 7 + i) % STREAMS}`, [newEvent('Written', { w, i })]);
          if (++written === (WRITERS * PER_WRITER) / 4) await openLate();
        }
      }),
    );

    // Everything else has committed. Nothing past the open transaction is readable yet.
    const visible = await writer.readAll({ after: START, limit: 10_000 });
    let head = visible.checkpoint;
    for (let b = visible; !b.caughtUp; head = b.checkpoint)
      b = await writer.readAll({ after: b.checkpoint, limit: 10_000 });
    expect(head.tx).toBeLessThan(late!.tx);
    expect(received.size).toBeLessThan(total - 1);
    expect(received.has(lateEvent.id)).toBe(false);

    late!.open = false;
    await lateClient.query('COMMIT');
    await lateClient.end();
    await allReceived.done;
    await subscription.stop();
    await consuming;
    await reader.close();

    expect(violations).toEqual([]);
    expect(duplicates).toBe(0);
    expect(received.get(lateEvent.id)?.streamId).toBe('late-1');
    // The scenario really happened: writers committed after the late transaction began.
    expect([...received.values()].filter((e) => e.position.tx > late!.tx).length).toBeGreaterThan(
      1_000,
    );
    expect(compareLogPositions(checkpoint, await writer.headPosition())).toBe(0);
    for (let s = 0; s < STREAMS; s++) {
      expect(lastRevision.get(`conc-${s}`)).toBe(await writer.streamRevision(`conc-${s}`));
    }
  });

  it('wakes a subscriber in another process by NOTIFY, long before its poll interval', async () => {
    const reader = new PostgresEventStore({
      connectionString: db.url,
      maxConnections: 2,
      pollIntervalMs: 600_000,
    });
    const subscription = reader.subscribeToAll({ after: await writer.headPosition() });
    const [first, second] = [newEvent('Pinged'), newEvent('Pinged')];
    const seen: string[] = [];
    let started = 0;
    const arrived = (async () => {
      for await (const batch of subscription) {
        seen.push(...batch.events.map((x) => x.id));
        if (seen.includes(second.id)) return;
        // The first event proves the reader is listening; the second can only come by NOTIFY
        // (the writer is another store, and the reader's poll interval is ten minutes).
        if (seen.includes(first.id) && started === 0) {
          started = Date.now();
          void writer.append(`ping-${randomUUID()}`, [second]);
        }
      }
    })();
    await writer.append(`ping-${randomUUID()}`, [first]);
    await arrived;
    await subscription.stop();
    await reader.close();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
  it('an open transaction in another database holds events back; when it ends, with no NOTIFY, the subscriber still gets them promptly', async () => {
    // pg_snapshot_xmin is cluster-wide: any old transaction delays visibility, and its end is not announced.
    const other = new Client({ connectionString: db.url.replace(/\/[^/]+$/, '/postgres') });
    await other.connect();
    await other.query('BEGIN');
    await other.query('SELECT pg_current_xact_id()');

    const reader = new PostgresEventStore({
      connectionString: db.url,
      maxConnections: 2,
      pollIntervalMs: 600_000,
    });
    const subscription = reader.subscribeToAll({ after: await writer.headPosition() });
    const e = newEvent('HeldBack');
    await writer.append(`held-${randomUUID()}`, [e]);
    const batch = await reader.readAll({ after: await writer.headPosition() });
    expect(batch).toMatchObject({ events: [], caughtUp: true, heldBack: true });

    const arrived = (async () => {
      for await (const b of subscription)
        if (b.events.some((x) => x.id === e.id)) return Date.now();
    })();
    const committedAt = Date.now();
    await other.query('COMMIT');
    await other.end();
    const arrivedAt = await arrived;
    await subscription.stop();
    await reader.close();
    expect(arrivedAt! - committedAt).toBeLessThan(5_000);
  });
});

describe('expected-revision races', () => {
  it('N writers with the same exact revision: exactly one wins each revision, the rest get the actual one', async () => {
    const stream = `race-${randomUUID()}`;
    const N = 8;
    const ROUNDS = 40;
    const winners: string[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const attempts = Array.from({ length: N }, () => newEvent('Raced', { r }));
      const expectedRevision = r === 0 ? ('noStream' as const) : BigInt(r - 1);
      const results = await Promise.allSettled(
        attempts.map((e) => writer.append(stream, [e], { expectedRevision })),
      );
      const won = results.flatMap((res, i) => (res.status === 'fulfilled' ? [attempts[i].id] : []));
      expect(won).toHaveLength(1);
      for (const res of results) {
        if (res.status === 'rejected') {
          expect(res.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(res.reason.actual).toBe(BigInt(r));
        }
      }
      winners.push(won[0]);
    }
    const stored = await writer.readStream(stream);
    expect(stored.map((e) => e.id)).toEqual(winners);
  });

  it('writers that retry on conflict lose nothing: every success has its own revision', async () => {
    const stream = `retry-${randomUUID()}`;
    const N = 8;
    const TARGET = 200;
    let successes = 0;
    let conflicts = 0;
    const mine = new Map<string, bigint>();
    await Promise.all(
      Array.from({ length: N }, async () => {
        while (successes < TARGET) {
          const revision = await writer.streamRevision(stream);
          const e = newEvent('Retried');
          try {
            const r = await writer.append(stream, [e], {
              expectedRevision: revision < 0n ? 'noStream' : revision,
            });
            successes++;
            mine.set(e.id, r.events[0].streamRevision);
          } catch (err) {
            if (!(err instanceof WrongExpectedRevisionError)) throw err;
            conflicts++;
          }
        }
      }),
    );
    const stored = await writer.readStream(stream);
    expect(stored).toHaveLength(successes);
    expect(stored.map((e) => mine.get(e.id))).toEqual(stored.map((e) => e.streamRevision));
    expect(conflicts).toBeGreaterThan(0);
  });
});

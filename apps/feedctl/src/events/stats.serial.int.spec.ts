import { formatLogPosition, PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { runFeedctl } from '../testing/run-feedctl';
import type { StatsDocument } from './stats-report';
import { appendOne, feedctlEnv, openAppend } from './test-support';

// Serial: holds a transaction open on purpose, and the read horizon is cluster-wide.

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('feedctl_stats_held');
  pool = db.pool({ max: 3 });
  store = new PostgresEventStore({ pool });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

it('events stats tells the head from what readers can read while a transaction holds them back', async () => {
  const readable = formatLogPosition(
    (await appendOne(store, 'photo-1', 'PhotoPosted', {})).position,
  );
  const slow = await openAppend(pool, 'photo-slow');
  let head: string;
  try {
    await appendOne(store, 'photo-2', 'PhotoPosted', {});
    head = formatLogPosition((await appendOne(store, 'photo-3', 'PhotoPosted', {})).position);

    const json = await runFeedctl(['--json', 'events', 'stats'], feedctlEnv(db));
    const doc = JSON.parse(json.stdout) as StatsDocument;
    expect(doc.total).toBe(3); // the open append is not committed: not counted
    expect(doc.head?.position).toBe(head);
    // photo-2 and photo-3 wait behind the open append; photo-1 is readable unless other work on
    // the cluster holds the horizon back further still.
    const readableNow = doc.readableHead?.position;
    expect([readable, undefined]).toContain(readableNow);
    expect(doc.heldBack).toBe(readableNow ? 2 : 3);

    const human = await runFeedctl(['events', 'stats'], feedctlEnv(db));
    expect(human.stdout).toMatch(/^readable +.*: [23] committed events above it wait/m);
  } finally {
    await slow.commit();
  }
  const after = JSON.parse(
    (await runFeedctl(['--json', 'events', 'stats'], feedctlEnv(db))).stdout,
  ) as StatsDocument;
  expect(after.total).toBe(4);
  expect(after.head?.position).toBe(head);
});

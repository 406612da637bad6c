import { streamOf, type PhotoFeedEvent } from '@photofeed/domain';
import { PostgresEventStore, type LogPosition } from '@photofeed/event-store';
import { ProjectionRunner } from '@photofeed/projections';
import {
  createTestDatabase,
  loadServicesEnv,
  requireEnv,
  testKeyPrefix,
  type TestDatabase,
} from '@photofeed/testing';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { activityProjection } from './projection/activity.projection';
import { ActivityReader } from './reading/activity-reader';
import {
  followed,
  liked,
  photoDeleted,
  toNewEvent,
  unfollowed,
  unliked,
  deleteKeysUnder,
} from './testing/activity-events';

// The main scenario end to end: events appended to the log as the write side appends them, a
// ProjectionRunner applying them to Redis, the reader answering.

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let redis: Redis;
let runner: ProjectionRunner;
const keyPrefix = testKeyPrefix('activity-main');
const stateKeyPrefix = testKeyPrefix('activity-main-state');

beforeAll(async () => {
  loadServicesEnv();
  db = await createTestDatabase('activity');
  pool = db.pool({ max: 4 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 100 });
  redis = new Redis(requireEnv('REDIS_URL'));
  runner = new ProjectionRunner({
    store,
    pool,
    projection: activityProjection(redis, { keyPrefix }),
    batchSize: 4,
    registry: new Registry(),
  });
  await runner.start();
});
afterAll(async () => {
  await runner.stop();
  await store.close();
  await db.drop();
  await deleteKeysUnder(redis, keyPrefix);
  await deleteKeysUnder(redis, stateKeyPrefix);
  redis.disconnect();
});

async function append(...events: PhotoFeedEvent[]): Promise<LogPosition> {
  let last!: LogPosition;
  for (const event of events)
    last = (await store.append(streamOf(event), [toNewEvent(event)])).position;
  return last;
}

const OWNER = '9001';
const [ANA, BEN, CAI, DEV, EVA] = ['101', '102', '103', '104', '105'];
const [P1, P2] = ['5001', '5002'];
const day1 = (time: string) => `2026-11-21T${time}Z`;
const day2 = (time: string) => `2026-11-22T${time}Z`;

it('groups likes by photo and day and follows by day, newest first, as the log changes', async () => {
  const reader = new ActivityReader(redis, { keyPrefix, stateKeyPrefix });
  const first = await append(
    liked(P1, ANA, OWNER, day1('10:00:00.000')),
    liked(P1, BEN, OWNER, day1('10:01:00.000')),
    liked(P1, CAI, OWNER, day1('10:02:00.000')),
    liked(P1, DEV, OWNER, day1('10:03:00.000')),
    liked(P2, ANA, OWNER, day1('11:00:00.000')),
    liked(P2, OWNER, OWNER, day1('11:30:00.000')), // liking your own photo tells you nothing
    followed(EVA, OWNER, day1('12:00:00.000')),
    followed(ANA, OWNER, day1('12:30:00.000')),
    liked(P1, EVA, OWNER, day2('09:00:00.000')), // the same photo, the next day: a group of its own
  );
  await runner.waitFor(first, 15_000);
  expect(runner.status().parked).toBe(0);

  const page = await reader.read(BigInt(OWNER), { limit: 10 });
  expect(page.items).toEqual([
    {
      kind: 'like',
      photoId: P1,
      day: '2026-11-22',
      actorIds: [EVA],
      actorCount: 1,
      latestAt: day2('09:00:00.000'),
    },
    {
      kind: 'follow',
      photoId: null,
      day: '2026-11-21',
      actorIds: [ANA, EVA],
      actorCount: 2,
      latestAt: day1('12:30:00.000'),
    },
    {
      kind: 'like',
      photoId: P2,
      day: '2026-11-21',
      actorIds: [ANA],
      actorCount: 1,
      latestAt: day1('11:00:00.000'),
    },
    // "Dev and 3 others liked your photo": the three newest actors, and all four counted.
    {
      kind: 'like',
      photoId: P1,
      day: '2026-11-21',
      actorIds: [DEV, CAI, BEN],
      actorCount: 4,
      latestAt: day1('10:03:00.000'),
    },
  ]);
  expect(page.nextCursor).toBeNull();
  expect(page.unread).toBe(4);

  const second = await append(
    unliked(P1, DEV, OWNER), // the newest actor leaves: the group's time falls back to Cai's
    unfollowed(ANA, OWNER),
    photoDeleted(P2, OWNER, day2('10:00:00.000')),
  );
  await runner.waitFor(second, 15_000);
  expect(runner.status().parked).toBe(0);
  const after = await reader.read(BigInt(OWNER), { limit: 10 });
  expect(
    after.items.map((g) => [g.kind, g.photoId, g.day, g.actorIds, g.actorCount, g.latestAt]),
  ).toEqual([
    ['like', P1, '2026-11-22', [EVA], 1, day2('09:00:00.000')],
    ['follow', null, '2026-11-21', [EVA], 1, day1('12:00:00.000')],
    ['like', P1, '2026-11-21', [CAI, BEN, ANA], 3, day1('10:02:00.000')],
  ]);
});

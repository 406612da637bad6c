import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@photofeed/event-store';
import { composeId, decodeId } from '@photofeed/ids';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { ReferenceHomeFeed } from './reference/reference-home-feed';
import { deleted, followed, posted, registered, unfollowed } from './testing/feed-events';
import { FeedHarness, photoIds, type HarnessOptions } from './testing/harness';
import { seededRandom } from '@photofeed/testing';
import { randomFeedLog } from './testing/random-log';
import { connectTestRedis } from './testing/redis';

// The main scenarios, through the real pipeline: events appended to a Postgres log, projected by
// a ProjectionRunner, read with HomeFeedReader.

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let redis: Redis;
const harnesses: FeedHarness[] = [];

beforeAll(async () => {
  db = await createTestDatabase('feeds');
  pool = db.pool({ max: 6 });
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 50 });
  redis = connectTestRedis();
});
afterEach(async () => {
  // One runner at a time: they share the projection's checkpoint in this database.
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await store.close();
  await db.drop();
  redis.disconnect();
});

async function harness(options: HarnessOptions = {}): Promise<FeedHarness> {
  const h = new FeedHarness(redis, 'home-feed', { capacity: 50, perAuthor: 10, ...options });
  harnesses.push(h);
  await h.throughRunner(store, pool);
  return h;
}

/** Registered users who read their feed recently: fanned out to. */
async function activeUsers(h: FeedHarness, ...ns: number[]): Promise<string[]> {
  const users = ns.map((n) => h.user(n));
  await h.apply(...users.map(registered));
  await h.markActive(...users);
  return users;
}

it("puts a followee's new photo in the follower's feed; unfollowing takes it out", async () => {
  const h = await harness();
  const [a, b] = await activeUsers(h, 1, 2);
  await h.apply(followed(a, b), posted(h.photo(1), b));

  expect(await h.readAll(a)).toEqual([{ photoId: h.photo(1), authorId: b }]);
  expect(photoIds(await h.stored(a))).toEqual([h.photo(1)]);
  expect(photoIds(await h.readAll(b))).toEqual([h.photo(1)]); // the author's own

  await h.apply(unfollowed(a, b));
  expect(await h.readAll(a)).toEqual([]);
  expect(await h.stored(a)).toEqual([]);
  expect(h.rebuilds).toEqual([]); // all of it was fan-out work, none rebuilt at read
});

it('takes a deleted photo out of every feed it reached', async () => {
  const h = await harness();
  const [a, b, c] = await activeUsers(h, 1, 2, 3);
  await h.apply(followed(a, c), followed(b, c), posted(h.photo(1), c), posted(h.photo(2), c));
  for (const u of [a, b, c]) expect(photoIds(await h.stored(u))).toEqual([h.photo(2), h.photo(1)]);

  await h.apply(deleted(h.photo(2), c));
  for (const u of [a, b, c]) {
    expect(photoIds(await h.stored(u))).toEqual([h.photo(1)]);
    expect(photoIds(await h.readAll(u))).toEqual([h.photo(1)]);
  }
});

it("backfills a followee's recent photos on follow, at most perAuthor of them", async () => {
  const h = await harness({ perAuthor: 3 });
  const [a, b] = await activeUsers(h, 1, 2);
  await h.apply(...[1, 2, 3, 4, 5].map((n) => posted(h.photo(n), b)));
  await h.apply(followed(a, b));

  const newestThree = [h.photo(5), h.photo(4), h.photo(3)];
  expect(photoIds(await h.stored(a))).toEqual(newestThree);
  expect(photoIds(await h.readAll(a))).toEqual(newestThree);
});

it('keeps each author to their newest perAuthor photos: a new post pushes the oldest out', async () => {
  const h = await harness({ perAuthor: 2 });
  const [a, b, c] = await activeUsers(h, 1, 2, 3);
  await h.apply(followed(a, b), followed(a, c), posted(h.photo(1), b), posted(h.photo(2), c));
  await h.apply(posted(h.photo(3), b), posted(h.photo(4), b));

  const expected = [h.photo(4), h.photo(3), h.photo(2)];
  expect(photoIds(await h.stored(a))).toEqual(expected);
  expect(photoIds(await h.readAll(a))).toEqual(expected);

  // Deleting a recent photo lets the one it displaced back in.
  await h.apply(deleted(h.photo(4), b));
  expect(photoIds(await h.readAll(a))).toEqual([h.photo(3), h.photo(2), h.photo(1)]);
  expect(h.rebuilds).toEqual([]);
});

it('holds at most capacity photos, and stays exact after deletes empty the stored part', async () => {
  const h = await harness({ capacity: 4, trimSlack: 2, perAuthor: 20 });
  const [a, b] = await activeUsers(h, 1, 2);
  await h.apply(followed(a, b), ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => posted(h.photo(n), b)));

  expect(photoIds(await h.readAll(a, 2))).toEqual([9, 8, 7, 6].map((n) => h.photo(n)));
  expect((await h.stored(a)).length).toBeLessThanOrEqual(4 + 2);

  // Deleting everything the stored feed holds leaves older photos it had trimmed away.
  await h.apply(...[9, 8, 7, 6, 5].map((n) => deleted(h.photo(n), b)));
  expect(photoIds(await h.readAll(a, 3))).toEqual([4, 3, 2, 1].map((n) => h.photo(n)));
  expect(h.rebuildsOf(a)).toEqual(['floor']);
});

it('orders photos of one millisecond by exact 64-bit id, and a cursor between two resumes exactly', async () => {
  const h = await harness();
  const [a, b, c] = await activeUsers(h, 1, 2, 3);
  await h.apply(followed(a, b), followed(a, c));
  // photo(8..11) share a millisecond and a double (ids > 2^53); photo(12) shares the next
  // millisecond with an id of another shard.
  const sameDouble = [8, 9, 10, 11].map((n) => h.photo(n));
  expect(BigInt(sameDouble[0])).toBeGreaterThan(2n ** 53n);
  expect(new Set(sameDouble.map(Number)).size).toBe(1);
  const { ms } = decodeId(BigInt(h.photo(12)));
  const otherShard = composeId({ ms, shard: 4001, sequence: 0 }).toString();
  const ids = [...sameDouble, h.photo(12), otherShard];
  // Posted out of order and by two authors, so neither arrival nor author decides the order.
  await h.apply(
    posted(ids[2], c),
    posted(ids[5], b),
    posted(ids[0], b),
    posted(ids[3], b),
    posted(ids[4], c),
    posted(ids[1], c),
  );

  const newestFirst = [...ids].reverse();
  const first = await h.reader.read(BigInt(a), { limit: 3 });
  expect(photoIds(first.items)).toEqual(newestFirst.slice(0, 3));
  // The cursor sits between two ids of one double: the next page starts exactly after it.
  const second = await h.reader.read(BigInt(a), { limit: 2, cursor: first.nextCursor! });
  expect(photoIds(second.items)).toEqual(newestFirst.slice(3, 5));
  const third = await h.reader.read(BigInt(a), { limit: 5, cursor: second.nextCursor! });
  expect(photoIds(third.items)).toEqual(newestFirst.slice(5));
  expect(third.nextCursor).toBeNull();
  expect(photoIds(await h.readAll(a, 1))).toEqual(newestFirst);
});

it('ends where the definition says after a random log, other events in between', async () => {
  const h = await harness({ capacity: 12, perAuthor: 3, celebrityFollowers: 4, trimSlack: 2 });
  const random = seededRandom(5);
  const users = Array.from({ length: 12 }, (_, i) => h.user(i + 1));
  const events = randomFeedLog(random, {
    users,
    popular: 2,
    photo: (n) => h.photo(n),
    length: 300,
  });
  await h.markActive(...users.slice(0, 6)); // the other half is rebuilt at read
  // Events the projection does not ask for sit in the same log (the filter skips them).
  await store.append(`like-${h.photo(0)}-${users[0]}`, [
    { id: randomUUID(), type: 'Liked', data: { photoId: h.photo(0), userId: users[0] } },
  ]);
  await h.apply(...events);

  const reference = new ReferenceHomeFeed({ capacity: 12, perAuthor: 3 });
  events.forEach((e) => reference.apply(e));
  for (const u of users) expect(await h.readAll(u, 5)).toEqual(reference.feed(u));
});

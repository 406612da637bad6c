import type { Redis } from 'ioredis';
import { ReferenceHomeFeed } from './reference/reference-home-feed';
import {
  deleted,
  followed,
  posted,
  registered,
  unfollowed,
  type FeedTestEvent,
} from './testing/feed-events';
import { FeedHarness, photoIds } from './testing/harness';
import { connectTestRedis } from './testing/redis';

// Authors with more than `celebrityFollowers` followers are not fanned out: the reader merges
// their recent photos in. Crossing the threshold either way must not change what anyone reads.

let redis: Redis;
let h: FeedHarness;
let reference: ReferenceHomeFeed;

beforeAll(() => {
  redis = connectTestRedis();
});
beforeEach(() => {
  h = new FeedHarness(redis, 'feed-celebs', { capacity: 20, perAuthor: 2, celebrityFollowers: 2 });
  reference = new ReferenceHomeFeed({ capacity: 20, perAuthor: 2 });
});
afterEach(() => h.close());
afterAll(() => redis.disconnect());

async function apply(...events: FeedTestEvent[]): Promise<void> {
  await h.apply(...events);
  for (const e of events) reference.apply(e);
}

async function expectFeedsAsDefined(users: string[]): Promise<void> {
  for (const u of users) expect(await h.readAll(u, 2)).toEqual(reference.feed(u));
}

const isCelebrity = async (u: string) => (await redis.sismember(h.keys.celebrities, u)) === 1;

it("merges a celebrity's photos in at read time, once each, and their own feed has them too", async () => {
  const [star, a, b, c] = [1, 2, 3, 4].map((n) => h.user(n));
  await apply(...[star, a, b, c].map(registered));
  await h.markActive(star, a, b, c);
  await apply(followed(a, star), followed(b, star), followed(c, star));
  expect(await isCelebrity(star)).toBe(true);

  await apply(posted(h.photo(1), star), posted(h.photo(2), a));
  expect(await h.stored(b)).toEqual([]); // not fanned out
  expect(photoIds(await h.readAll(b))).toEqual([h.photo(1)]);
  expect(photoIds(await h.readAll(a))).toEqual([h.photo(2), h.photo(1)]);
  expect(photoIds(await h.readAll(star))).toEqual([h.photo(1)]);
  await expectFeedsAsDefined([star, a, b, c]);
});

it('crossing up removes nothing, yet stale stored copies are never shown and nothing shows twice', async () => {
  const [star, a, b, c] = [1, 2, 3, 4].map((n) => h.user(n));
  await apply(...[star, a, b, c].map(registered));
  await h.markActive(star, a, b, c);
  await apply(followed(a, star), followed(b, star), posted(h.photo(1), star));
  await apply(posted(h.photo(2), star));
  expect(photoIds(await h.stored(a))).toEqual([h.photo(2), h.photo(1)]);

  await apply(followed(c, star)); // 3 followers: a celebrity now
  expect(await isCelebrity(star)).toBe(true);
  expect(photoIds(await h.stored(a))).toEqual([h.photo(2), h.photo(1)]); // left as it was
  await expectFeedsAsDefined([star, a, b, c]); // stored and merged copies: each photo once

  // A new post pushes photo 1 out of the recent two; no fan-out removes the stored copy.
  await apply(posted(h.photo(3), star));
  expect(photoIds(await h.stored(a))).toEqual([h.photo(2), h.photo(1)]);
  expect(photoIds(await h.readAll(a))).toEqual([h.photo(3), h.photo(2)]);
  // A delete lets photo 1 back in, read from the celebrity's own list.
  await apply(deleted(h.photo(3), star));
  await expectFeedsAsDefined([star, a, b, c]);
  expect(photoIds(await h.readAll(a))).toEqual([h.photo(2), h.photo(1)]);
  expect(h.rebuilds).toEqual([]);
});

it("crossing down fans the author's recent photos out to every active follower", async () => {
  const [star, a, b, c, idle] = [1, 2, 3, 4, 5].map((n) => h.user(n));
  await apply(...[star, a, b, c, idle].map(registered));
  await h.markActive(star, a, b, c);
  await apply(followed(a, star), followed(b, star), followed(c, star), followed(idle, star));
  await apply(...[1, 2, 3].map((n) => posted(h.photo(n), star)), deleted(h.photo(2), star));
  expect(await h.stored(a)).toEqual([]);

  await apply(unfollowed(c, star), unfollowed(idle, star)); // 2 followers: no longer a celebrity
  expect(await isCelebrity(star)).toBe(false);
  for (const u of [star, a, b])
    expect(photoIds(await h.stored(u))).toEqual([h.photo(3), h.photo(1)]);
  await expectFeedsAsDefined([star, a, b, c, idle]);

  // From now on, fanned out as anyone's.
  await apply(posted(h.photo(4), star));
  expect(photoIds(await h.stored(a))).toEqual([h.photo(4), h.photo(3)]);
  await expectFeedsAsDefined([star, a, b, c, idle]);
  expect(h.rebuilds).toEqual([]);
});

it('up, down and up again: stale copies from the first spell never come back', async () => {
  const [star, a, b, c] = [1, 2, 3, 4].map((n) => h.user(n));
  await apply(...[star, a, b, c].map(registered));
  await h.markActive(star, a, b, c);
  await apply(followed(a, star), followed(b, star), posted(h.photo(1), star));
  await apply(posted(h.photo(2), star), followed(c, star)); // up
  await apply(posted(h.photo(3), star), posted(h.photo(4), star)); // 1 and 2 leave the recent ones
  await apply(unfollowed(c, star)); // down: backfills 4 and 3; stored 2 and 1 are stale
  await expectFeedsAsDefined([star, a, b, c]);
  await apply(followed(c, star), deleted(h.photo(4), star)); // up again; 2 is recent again
  await expectFeedsAsDefined([star, a, b, c]);
  expect(photoIds(await h.readAll(a))).toEqual([h.photo(3), h.photo(2)]);
});

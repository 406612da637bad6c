import type { PhotoFeedEvent } from '@photofeed/domain';
import { seededRandom } from '@photofeed/testing';
import {
  dumpUnder,
  followed,
  liked,
  photoDeleted,
  recorded,
  unfollowed,
  unliked,
} from '../testing/activity-events';
import { actor, photo, TestFeeds } from '../testing/test-feeds';

// A batch is one script call per user it touches (split past 200 ops), each user's ops in log
// order. That must leave exactly the view of applying the events one at a time.

let feeds: TestFeeds;
beforeAll(() => {
  feeds = new TestFeeds();
});
afterAll(() => feeds.close());

/** Mostly one busy owner (hundreds of ops per batch), some others; likes of live photos only. */
function busyLog(seed: number, length: number): PhotoFeedEvent[] {
  const random = seededRandom(seed);
  const owners = ['9001', '9001', '9001', '9002', '9003'];
  const photos = Array.from({ length: 12 }, (_, n) => ({
    id: photo(n),
    owner: owners[n % owners.length],
    live: true,
  }));
  const likes = new Set<string>();
  const follows = new Set<string>();
  let time = Date.UTC(2026, 10, 20);
  const log: PhotoFeedEvent[] = [];
  while (log.length < length) {
    time += Math.floor(random() * 3 * 3_600_000);
    const iso = new Date(time).toISOString();
    const who = actor(Math.floor(random() * 40));
    const p = photos[Math.floor(random() * photos.length)];
    const roll = random();
    if (roll < 0.6 && p.live) {
      const key = `${p.id}-${who}`;
      log.push(likes.has(key) ? unliked(p.id, who, p.owner) : liked(p.id, who, p.owner, iso));
      if (!likes.delete(key)) likes.add(key);
    } else if (roll < 0.97) {
      const followee = owners[Math.floor(random() * owners.length)];
      const key = `${who}-${followee}`;
      log.push(follows.has(key) ? unfollowed(who, followee) : followed(who, followee, iso));
      if (!follows.delete(key)) follows.add(key);
    } else if (p.live) {
      p.live = false;
      log.push(photoDeleted(p.id, p.owner, iso));
    }
  }
  return log;
}

const withoutPrefix = (view: Record<string, unknown>, prefix: string) =>
  Object.fromEntries(Object.entries(view).map(([k, v]) => [k.slice(prefix.length), v]));

it("applies each user's ops of a batch in log order, as one event at a time would", async () => {
  const options = { maxGroups: 6, maxActorsPerGroup: 15 };
  const oneByOne = feeds.feed('act-one', options);
  const batched = feeds.feed('act-batch', options);
  const log = busyLog(3, 1500).map(recorded);
  for (const event of log) await oneByOne.projection.handle([event]);
  // 700 events: the busy owner gets far more than one call's 200 ops per batch.
  for (let i = 0; i < log.length; i += 700) await batched.projection.handle(log.slice(i, i + 700));

  const expected = withoutPrefix(
    await dumpUnder(feeds.redis, oneByOne.keyPrefix),
    oneByOne.keyPrefix,
  );
  expect(Object.keys(expected).length).toBeGreaterThan(5);
  expect(withoutPrefix(await dumpUnder(feeds.redis, batched.keyPrefix), batched.keyPrefix)).toEqual(
    expected,
  );
  // And a batch applied again on top is a no-op.
  await batched.projection.handle(log.slice(300));
  expect(withoutPrefix(await dumpUnder(feeds.redis, batched.keyPrefix), batched.keyPrefix)).toEqual(
    expected,
  );
});

it("keeps every group's time at its newest actor's, event times out of order included", async () => {
  const { projection, keyPrefix } = feeds.feed('act-times', {
    maxGroups: 50,
    maxActorsPerGroup: 4,
  });
  // Times jump back and forth within a day (clocks of several api processes).
  const random = seededRandom(9);
  const log = busyLog(9, 800).map((event) => {
    const data = event.data as { likedAt?: string; followedAt?: string };
    const jitter = (iso: string) =>
      new Date(Date.parse(iso) - Math.floor(random() * 3_600_000)).toISOString();
    if (data.likedAt) data.likedAt = jitter(data.likedAt);
    if (data.followedAt) data.followedAt = jitter(data.followedAt);
    return recorded(event);
  });
  for (let i = 0; i < log.length; i += 97) await projection.handle(log.slice(i, i + 97));

  const view = await dumpUnder(feeds.redis, keyPrefix);
  let groups = 0;
  for (const [key, members] of Object.entries(view)) {
    if (!key.endsWith(':g')) continue;
    const index = members as string[];
    for (let i = 0; i < index.length; i += 2) {
      const actors = view[`${key.slice(0, -1)}a:${index[i]}`] as string[];
      const newest = Math.max(...actors.filter((_, j) => j % 2 === 1).map(Number));
      expect({ group: index[i], time: Number(index[i + 1]) }).toEqual({
        group: index[i],
        time: newest,
      });
      groups++;
    }
  }
  expect(groups).toBeGreaterThan(20);
});

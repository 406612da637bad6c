import type { PhotoFeedEvent } from '@photofeed/domain';
import {
  dumpUnder,
  followed,
  liked,
  photoDeleted,
  recorded,
  unfollowed,
  unliked,
  deleteKeysUnder,
} from './testing/activity-events';
import { actor, photo, TestFeeds } from './testing/test-feeds';

// Re-applying a suffix of the log (a crash between the writes and the checkpoint) changes nothing.

let feeds: TestFeeds;
beforeAll(() => {
  feeds = new TestFeeds();
});
afterAll(() => feeds.close());

/** A random log the write side could have written: likes only of live photos, no double likes. */
function randomLog(seed: number, length: number): PhotoFeedEvent[] {
  let s = seed >>> 0; // mulberry32: the same log for a seed on every run
  const random = (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
  const owners = ['9001', '9002'];
  const photos = [1, 2, 3, 4, 5].map((n) => ({
    id: photo(n),
    owner: owners[n % 2],
    deleted: false,
  }));
  const likes = new Set<string>();
  const follows = new Set<string>();
  let time = Date.UTC(2026, 10, 20);
  const log: PhotoFeedEvent[] = [];
  while (log.length < length) {
    time += random(4) === 0 ? 0 : random(5 * 3_600_000); // sometimes the same millisecond
    const iso = new Date(time).toISOString();
    const who = actor(random(6));
    const p = photos[random(photos.length)];
    const choice = random(10);
    if (choice < 5 && !p.deleted) {
      const key = `${p.id}-${who}`;
      log.push(likes.has(key) ? unliked(p.id, who, p.owner) : liked(p.id, who, p.owner, iso));
      if (!likes.delete(key)) likes.add(key);
    } else if (choice < 9) {
      const followee = owners[random(2)];
      const key = `${who}-${followee}`;
      log.push(follows.has(key) ? unfollowed(who, followee) : followed(who, followee, iso));
      if (!follows.delete(key)) follows.add(key);
    } else if (!p.deleted && random(3) === 0) {
      p.deleted = true;
      log.push(photoDeleted(p.id, p.owner, iso));
    }
  }
  return log;
}

it('is idempotent: re-applying any suffix of the log, trims included, leaves the view as it was', async () => {
  let full = 0; // views where some user is at maxGroups: trims happened
  for (let seed = 1; seed <= 40; seed++) {
    const { projection, keyPrefix } = feeds.feed(`act-idem-${seed}`, {
      maxGroups: 3,
      maxActorsPerGroup: 2,
    });
    const log = randomLog(seed, 80).map(recorded);
    for (let i = 0; i < log.length; i += 7) await projection.handle(log.slice(i, i + 7));
    const once = await dumpUnder(feeds.redis, keyPrefix);
    const indexes = Object.entries(once).filter(([key]) => key.endsWith(':g'));
    expect(indexes.length).toBeGreaterThan(0);
    if (indexes.some(([, members]) => (members as string[]).length === 2 * 3)) full++;
    for (const from of [0, 1, 20, 40, 60, 79]) {
      await projection.handle(log.slice(from));
      expect({ seed, from, view: await dumpUnder(feeds.redis, keyPrefix) }).toEqual({
        seed,
        from,
        view: once,
      });
    }
    await deleteKeysUnder(feeds.redis, keyPrefix);
  }
  expect(full).toBeGreaterThan(20);
});

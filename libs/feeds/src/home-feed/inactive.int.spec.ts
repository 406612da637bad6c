import { ReferenceHomeFeed } from './reference/reference-home-feed';
import { followed, posted, registered, type FeedTestEvent } from './testing/feed-events';
import { photoIds, useFeedHarnesses, type HarnessOptions } from './testing/harness';

// A reader who has not read for inactiveAfterMs (or never has) is not fanned out to: their
// stored feed is dropped and rebuilt when they next read. Last-read time decides when the work is
// done, never what the feed holds.

const INACTIVE_AFTER = 60_000;
const feeds = useFeedHarnesses();

function setup(options: HarnessOptions = {}) {
  const h = feeds.open('feed-inactive', {
    capacity: 10,
    perAuthor: 5,
    inactiveAfterMs: INACTIVE_AFTER,
    ...options,
  });
  const reference = new ReferenceHomeFeed({ capacity: 10, perAuthor: 5 });
  const apply = async (...events: FeedTestEvent[]) => {
    await h.apply(...events);
    for (const e of events) reference.apply(e);
  };
  return { h, reference, apply };
}

it('skips an inactive follower, whose feed comes back identical to an active twin’s when read', async () => {
  const { h, reference, apply } = setup();
  const [author, active, idle] = [1, 2, 3].map((n) => h.user(n));
  await apply(...[author, active, idle].map(registered));
  await h.markActive(active); // idle never read
  await apply(followed(active, author), followed(idle, author));
  await apply(...[1, 2, 3].map((n) => posted(h.photo(n), author)));

  expect(photoIds(await h.stored(active))).toEqual([3, 2, 1].map((n) => h.photo(n)));
  expect(await feeds.redis.exists(h.keys.feed(idle), h.keys.floor(idle))).toBe(0); // dropped, not written

  const read = await h.readAll(idle);
  expect(h.rebuildsOf(idle)).toEqual(['untrusted']);
  expect(read).toEqual(await h.readAll(active));
  expect(read).toEqual(reference.feed(idle));

  // Active now: the next post is fanned out to them and no read rebuilds again.
  await apply(posted(h.photo(4), author));
  expect(photoIds(await h.stored(idle))[0]).toBe(h.photo(4));
  expect(await h.readAll(idle)).toEqual(reference.feed(idle));
  expect(h.rebuildsOf(idle)).toEqual(['untrusted']);
  expect(h.rebuildsOf(active)).toEqual([]);
});

it('stops fanning out once a reader has been away for inactiveAfterMs, and rebuilds on return', async () => {
  const { h, reference, apply } = setup();
  const [author, reader] = [1, 2].map((n) => h.user(n));
  await apply(registered(author), registered(reader), followed(reader, author));
  await h.readAll(reader); // reads: active from now
  await apply(posted(h.photo(1), author));
  expect(photoIds(await h.stored(reader))).toEqual([h.photo(1)]);

  h.clock.now += INACTIVE_AFTER - 1;
  await apply(posted(h.photo(2), author));
  expect(photoIds(await h.stored(reader))).toEqual([h.photo(2), h.photo(1)]);

  h.clock.now += 2;
  await apply(posted(h.photo(3), author));
  expect(await h.stored(reader)).toEqual([]);
  expect(await h.readAll(reader)).toEqual(reference.feed(reader));
  expect(h.rebuildsOf(reader)).toEqual(['untrusted']);
});

it('keeps a post that a returning reader rebuilds around in the middle of its fan-out', async () => {
  // A set of more than 512 members is a hashtable, so SSCAN walks it in several chunks.
  const followers = Array.from({ length: 600 }, (_, i) => i + 10);
  const readers: string[] = [];
  const rebuiltMidway: string[] = [];
  let chunks = 0;
  const { h, reference, apply } = setup({
    fanOutChunk: 50,
    onFanOutChunk: () => {
      if (readers.length === 0) return; // armed for the second post only
      // Issued now, so they reach Redis before the next chunk does.
      if (++chunks === 2) midway = Promise.all(readers.map(readMidway));
    },
  });
  let midway: Promise<unknown> = Promise.resolve();
  const readMidway = async (u: string) => {
    const items = await h.readAll(u);
    if (photoIds(items).includes(h.photo(2))) rebuiltMidway.push(u);
  };
  const author = h.user(1);
  const users = followers.map((n) => h.user(n));
  await apply(registered(author), ...users.map(registered));
  await apply(...users.map((u) => followed(u, author)), posted(h.photo(1), author));
  // Every follower is inactive; 40 of them come back while the next post is being fanned out.
  readers.push(...users.filter((_, i) => i % 15 === 0));
  await apply(posted(h.photo(2), author));
  await midway;
  expect(chunks).toBeGreaterThan(2);

  expect(rebuiltMidway.sort()).toEqual([...readers].sort()); // each one saw the new post at once
  for (const u of readers) {
    expect(await h.readAll(u)).toEqual(reference.feed(u));
    expect(h.rebuildsOf(u)).toEqual(['untrusted']);
  }
});

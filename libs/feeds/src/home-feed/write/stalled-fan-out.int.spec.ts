import { seededRandom } from '@photofeed/testing';
import { ReferenceHomeFeed } from '../reference/reference-home-feed';
import type { FeedTestEvent } from '../testing/feed-events';
import { useFeedHarnesses, type FeedHarness, type HarnessOptions } from '../testing/harness';
import { randomFeedLog } from '../testing/random-log';
import { dumpKeys } from '../testing/redis';

// A batch's events go to Redis as one pipeline, each event's fan-out inside its own script, unless
// the author has more followers than one chunk: that script stalls the pipeline, the fan-out runs
// chunk by chunk, and the events after it are sent again. With chunks of 2 followers nearly every
// fan-out stalls; the stored state must be exactly that of chunks big enough to never stall.

const DEFINITION = { capacity: 15, perAuthor: 4 };
const OPTIONS: HarnessOptions = {
  ...DEFINITION,
  trimSlack: 3,
  celebrityFollowers: 8,
  inactiveAfterMs: 400,
};
const USERS = 30;

const feeds = useFeedHarnesses(OPTIONS);
const harness = (label: string, options: HarnessOptions) => feeds.open(label, options);

/** Every key of the view, stored feeds and floors included. */
const everything = (h: FeedHarness) => dumpKeys(feeds.redis, h.keys.keyPrefix, () => true);

function logFor(h: FeedHarness, seed: number) {
  const random = seededRandom(seed);
  const users = Array.from({ length: USERS }, (_, i) => h.user(i + 1));
  const events = randomFeedLog(random, {
    users,
    popular: 3,
    photo: (n) => h.photo(n),
    length: 900,
  });
  return { random, users, events };
}

/** As the runner hands them over: batches of `size`. */
async function applyInBatches(h: FeedHarness, events: FeedTestEvent[], size: number) {
  for (let at = 0; at < events.length; at += size) await h.apply(...events.slice(at, at + size));
}

for (const seed of [1, 2]) {
  it(`stalled fan-outs leave exactly the state of unstalled ones (seed ${seed})`, async () => {
    // Harnesses number their ids apart: the same log needs the same ids, so one log, two views
    // under prefixes of their own.
    const inline = harness('feed-inline', { fanOutChunk: 1000 });
    const stalled = feeds.open(
      'feed-stalled',
      { fanOutChunk: 2 },
      { keyPrefix: `${inline.keys.keyPrefix}stalled:`, stateKeyPrefix: inline.keys.stateKeyPrefix },
    );
    const { users, events } = logFor(inline, seed);
    // Half the users read lately: fan-outs write some feeds and drop others.
    await inline.markActive(...users.filter((_, i) => i % 2 === 0));
    await applyInBatches(inline, events, 60);
    // Chunks of a stalled fan-out are scripts of their own, outside the pipeline.
    const chunkScripts = jest.spyOn(feeds.redis, 'evalsha');
    await applyInBatches(stalled, events, 60);
    expect(chunkScripts.mock.calls.length).toBeGreaterThan(100);
    chunkScripts.mockRestore();

    const [a, b] = await Promise.all([everything(inline), everything(stalled)]);
    // The other view's keys live under this one's prefix.
    for (const key of Object.keys(a)) if (key.startsWith('stalled:')) delete a[key];
    expect(b).toEqual(a);
    expect(b['fan-out-stall']).toBeUndefined();

    const reference = new ReferenceHomeFeed(DEFINITION);
    events.forEach((e) => reference.apply(e));
    for (const u of users) expect(await stalled.readAll(u, 4)).toEqual(reference.feed(u));
  });
}

it('a crash in the middle of a stalled fan-out, applied again, ends as if it never happened', async () => {
  const once = harness('feed-stall-once', { fanOutChunk: 2 });
  let crashIn = -1;
  const crashing = harness('feed-stall-crash', {
    fanOutChunk: 2,
    onFanOutChunk: () => {
      if (crashIn >= 0 && crashIn-- === 0) throw new Error('crash');
    },
  });
  const { random, users, events } = logFor(once, 5);
  for (const h of [once, crashing]) await h.markActive(...users);
  await applyInBatches(once, events, 25);

  let crashes = 0;
  for (let at = 0; at < events.length; at += 25) {
    const batch = events.slice(at, at + 25);
    crashIn = Math.floor(random() * 12);
    for (;;) {
      try {
        await crashing.apply(...batch);
        break;
      } catch {
        crashes++;
      }
    }
    crashIn = -1;
  }
  expect(crashes).toBeGreaterThan(10);

  const canonical = (h: FeedHarness) =>
    dumpKeys(
      feeds.redis,
      h.keys.keyPrefix,
      (k) => !k.startsWith('feed:') && !k.startsWith('floor:'),
    );
  expect(await canonical(crashing)).toEqual(await canonical(once));
  for (const u of users) expect(await crashing.readAll(u, 5)).toEqual(await once.readAll(u, 5));
});

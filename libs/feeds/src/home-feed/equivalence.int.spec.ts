import { ReferenceHomeFeed } from './reference/reference-home-feed';
import type { FeedTestEvent } from './testing/feed-events';
import { useFeedHarnesses, type FeedHarness, type HarnessOptions } from './testing/harness';
import { seededRandom } from '@photofeed/testing';
import { randomFeedLog } from './testing/random-log';
import { dumpKeys } from './testing/redis';

// Fan-out on write, the read-time celebrity merge, rebuilds for returning readers, and
// re-applying the log after a crash are four ways to compute one thing: the definition, which
// ReferenceHomeFeed computes in plain code. Random logs from a seeded PRNG check that they agree.

const DEFINITION = { capacity: 15, perAuthor: 4 };
const OPTIONS: HarnessOptions = {
  ...DEFINITION,
  trimSlack: 3,
  celebrityFollowers: 6,
  inactiveAfterMs: 400,
};
const USERS = 30;

const feeds = useFeedHarnesses(OPTIONS);
const harness = (label: string) => feeds.open(label);

function randomLog(h: FeedHarness, seed: number, length: number) {
  const random = seededRandom(seed);
  const users = Array.from({ length: USERS }, (_, i) => h.user(i + 1));
  const events = randomFeedLog(random, { users, popular: 3, photo: (n) => h.photo(n), length });
  return { random, users, events };
}

/** The view's own state that must be exactly the same however often events were applied. */
const canonicalState = (h: FeedHarness) =>
  dumpKeys(
    feeds.redis,
    h.keys.keyPrefix,
    (key) => !key.startsWith('feed:') && !key.startsWith('floor:'),
  );

for (const seed of [1, 2, 3]) {
  it(`reads what the definition says at every point of a random log (seed ${seed})`, async () => {
    const h = harness('feed-equiv');
    const reference = new ReferenceHomeFeed(DEFINITION);
    const { random, users, events } = randomLog(h, seed, 1500);
    // Frequent readers read as soon as they register, then at least every 20 events (clock steps
    // are at most 10 ms, so they stay active); occasional ones come back now and then, often after being skipped; the rest read
    // only at the end.
    const frequent = users.filter((_, i) => i % 3 === 0);
    const occasional = users.filter((_, i) => i % 3 === 1);
    const readAndCheck = async (u: string) =>
      expect(await h.readAll(u, 1 + Math.floor(random() * 6))).toEqual(reference.feed(u));

    const registered = new Set<string>(); // only registered users can read
    for (const [i, event] of events.entries()) {
      h.clock.now += Math.floor(random() * 11);
      await h.apply(event);
      reference.apply(event);
      if (event.type === 'UserRegistered') {
        registered.add(event.data.userId);
        if (frequent.includes(event.data.userId)) await readAndCheck(event.data.userId);
      }
      if (i % 20 === 19) for (const u of frequent) if (registered.has(u)) await readAndCheck(u);
      const u = occasional[Math.floor(random() * occasional.length)];
      if (random() < 0.02 && registered.has(u)) await readAndCheck(u);
    }
    for (const u of users) await readAndCheck(u);

    // Frequent readers were served by fan-out alone: never rebuilt for being skipped.
    for (const u of frequent) expect(h.rebuildsOf(u)).not.toContain('untrusted');
    // The other paths were exercised too.
    const reasons = new Set(h.rebuilds.map((r) => r.reason));
    expect(reasons).toEqual(new Set(['untrusted', 'floor']));
    expect(await feeds.redis.scard(h.keys.celebrities)).toBeGreaterThan(0);
  });
}

it('re-applying any suffix of the log, again and again, changes nothing', async () => {
  const once = harness('feed-once');
  const again = harness('feed-again');
  const { random, users, events } = randomLog(once, 7, 1200);
  for (const h of [once, again]) await h.markActive(...users);
  await once.apply(...events);
  await again.apply(...events);
  for (let i = 0; i < 4; i++) {
    const from = Math.floor(random() * events.length);
    await again.apply(...events.slice(from));
  }

  expect(await canonicalState(again)).toEqual(await canonicalState(once));
  const reference = new ReferenceHomeFeed(DEFINITION);
  events.forEach((e) => reference.apply(e));
  for (const u of users) {
    const expected = reference.feed(u);
    expect(await once.readAll(u, 4)).toEqual(expected);
    expect(await again.readAll(u, 4)).toEqual(expected);
  }
  for (const h of [once, again]) expect(h.rebuilds.map((r) => r.reason)).not.toContain('untrusted');
});

it('a batch that fails part way and is applied again ends as if it had never failed', async () => {
  const once = harness('feed-once');
  // Counts down the fan-out chunks until the next crash; -1: no crash planned.
  let crashIn = -1;
  const crashing = feeds.open('feed-crash', {
    // A crash after a fan-out's writes, before the rest of the batch and the checkpoint.
    onFanOutChunk: () => {
      if (crashIn >= 0 && crashIn-- === 0) throw new Error('crash');
    },
  });
  const { random, users, events } = randomLog(once, 11, 1000);
  for (const h of [once, crashing]) await h.markActive(...users);
  await once.apply(...events);

  let crashes = 0;
  for (let at = 0; at < events.length; at += 10) {
    const batch: FeedTestEvent[] = events.slice(at, at + 10);
    crashIn = Math.floor(random() * 8); // often within the batch, sometimes past its end
    // As the runner does: the same batch again until it goes through.
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
  expect(crashes).toBeGreaterThan(20);

  expect(await canonicalState(crashing)).toEqual(await canonicalState(once));
  for (const u of users) expect(await crashing.readAll(u, 5)).toEqual(await once.readAll(u, 5));
});

import type { PhotoFeedEvent } from '@photofeed/domain';
import { activityProjection } from './projection/activity.projection';
import { ActivityReader } from './reading/activity-reader';
import { followed, liked, recorded, unliked } from './testing/activity-events';
import { actor, at, owner, OWNER, photo, photoIdsOf, TestFeeds } from './testing/test-feeds';

// Reading: pages and cursors while activity arrives, unread counts and markSeen.

let feeds: TestFeeds;
beforeAll(() => {
  feeds = new TestFeeds();
});
afterAll(() => feeds.close());

it('pages exactly with a cursor while new activity arrives', async () => {
  const { apply, reader } = feeds.feed('act-paging');
  await apply(...[1, 2, 3, 4, 5, 6, 7].map((n) => liked(photo(n), actor(n), owner, at(n))));
  const first = await reader.read(OWNER, { limit: 3 });
  expect(photoIdsOf(first.items)).toEqual([photo(7), photo(6), photo(5)]);

  // Photo 3 (not shown yet) and photo 6 (shown) get new likes, photo 8 its first: all go on top.
  await apply(
    liked(photo(3), actor(20), owner, at(30)),
    liked(photo(6), actor(21), owner, at(31)),
    liked(photo(8), actor(22), owner, at(32)),
  );
  const second = await reader.read(OWNER, { limit: 3, cursor: first.nextCursor! });
  // Below the cursor: what did not move, once each. Photo 3 moved above it: on the next refresh.
  expect(photoIdsOf(second.items)).toEqual([photo(4), photo(2), photo(1)]);
  expect(second.nextCursor).toBeNull();

  const pages: (string | null)[][] = [];
  let cursor: string | undefined;
  do {
    const page = await reader.read(OWNER, { limit: 3, cursor });
    pages.push(photoIdsOf(page.items));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(pages).toEqual([
    [photo(8), photo(6), photo(3)],
    [photo(7), photo(5), photo(4)],
    [photo(2), photo(1)],
  ]);
});

it('pages through groups sharing one millisecond without skipping or repeating any', async () => {
  const { apply, reader } = feeds.feed('act-ties');
  await apply(...[1, 2, 3, 4, 5].map((n) => liked(photo(n), actor(n), owner, at(0))));
  const seen: (string | null)[] = [];
  let cursor: string | undefined;
  do {
    const page = await reader.read(OWNER, { limit: 2, cursor });
    seen.push(...photoIdsOf(page.items));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(seen).toEqual([photo(5), photo(4), photo(3), photo(2), photo(1)]);
});

it('counts groups with activity since markSeen as unread, and a rebuilt version sees the mark', async () => {
  const v1 = feeds.feed('act-unread');
  const log: PhotoFeedEvent[] = [
    liked(photo(1), actor(1), owner, at(1)),
    liked(photo(2), actor(2), owner, at(2)),
    followed(actor(3), owner, at(3)),
  ];
  await v1.apply(...log);
  expect((await v1.reader.read(OWNER, { limit: 1 })).unread).toBe(3);
  await v1.reader.markSeen(OWNER);
  expect((await v1.reader.read(OWNER, { limit: 1 })).unread).toBe(0);

  // A new actor in an old group makes that group unread; so does a new group.
  const later = [liked(photo(1), actor(4), owner, at(4)), liked(photo(3), actor(5), owner, at(5))];
  await v1.apply(later[0]);
  expect((await v1.reader.read(OWNER, { limit: 1 })).unread).toBe(1);
  await v1.apply(later[1]);
  expect((await v1.reader.read(OWNER, { limit: 1 })).unread).toBe(2);
  await v1.reader.markSeen(OWNER);
  // The newest actor leaves: the mark does not go back, nothing becomes unread again.
  await v1.apply(unliked(photo(3), actor(5), owner));
  await v1.reader.markSeen(OWNER);
  await v1.apply(liked(photo(3), actor(5), owner, at(5)));
  expect((await v1.reader.read(OWNER, { limit: 1 })).unread).toBe(0);

  // Version 2 rebuilt from the same log under its own prefix, sharing the last-seen state.
  const v2Prefix = feeds.prefix('act-unread-v2');
  const rebuilt = activityProjection(feeds.redis, { keyPrefix: v2Prefix });
  await rebuilt.handle(
    [
      ...log,
      ...later,
      unliked(photo(3), actor(5), owner),
      liked(photo(3), actor(5), owner, at(5)),
    ].map(recorded),
  );
  const v2Reader = new ActivityReader(feeds.redis, {
    keyPrefix: v2Prefix,
    stateKeyPrefix: v1.stateKeyPrefix,
  });
  const [v1Page, v2Page] = [
    await v1.reader.read(OWNER, { limit: 10 }),
    await v2Reader.read(OWNER, { limit: 10 }),
  ];
  expect(v2Page).toEqual(v1Page);
  expect(v2Page.unread).toBe(0);
});

import {
  followed,
  keysUnder,
  liked,
  photoDeleted,
  unfollowed,
  unliked,
} from './testing/activity-events';
import { actor, at, owner, OWNER, photo, photoIdsOf, TestFeeds } from './testing/test-feeds';

// The projection's handler driven directly (the runner is exercised in activity.int.spec.ts):
// grouping, removals, trims.

let feeds: TestFeeds;
beforeAll(() => {
  feeds = new TestFeeds();
});
afterAll(() => feeds.close());

it('counts every actor but shows the newest three; the count saturates at maxActorsPerGroup', async () => {
  const { apply, reader } = feeds.feed('act-actors', { maxActorsPerGroup: 4 });
  await apply(...[1, 2, 3].map((n) => liked(photo(1), actor(n), owner, at(n))));
  let [group] = (await reader.read(OWNER, { limit: 5 })).items;
  expect([group.actorIds, group.actorCount]).toEqual([[actor(3), actor(2), actor(1)], 3]);

  await apply(...[4, 5, 6].map((n) => liked(photo(1), actor(n), owner, at(n))));
  [group] = (await reader.read(OWNER, { limit: 5 })).items;
  expect([group.actorIds, group.actorCount]).toEqual([[actor(6), actor(5), actor(4)], 4]);
});

it('removes an unliker from the group their like is in, and an emptied group with its key', async () => {
  const { apply, reader, keyPrefix } = feeds.feed('act-unlike');
  // Ana likes on day one, takes it back, likes again the next day: only the second day shows her.
  await apply(
    liked(photo(1), actor(1), owner, '2026-11-21T10:00:00.000Z'),
    liked(photo(1), actor(2), owner, '2026-11-21T11:00:00.000Z'),
    unliked(photo(1), actor(1), owner),
    liked(photo(1), actor(1), owner, '2026-11-22T10:00:00.000Z'),
    followed(actor(3), owner, '2026-11-22T11:00:00.000Z'),
  );
  let page = await reader.read(OWNER, { limit: 5 });
  expect(page.items.map((g) => [g.kind, g.day, g.actorIds])).toEqual([
    ['follow', '2026-11-22', [actor(3)]],
    ['like', '2026-11-22', [actor(1)]],
    ['like', '2026-11-21', [actor(2)]],
  ]);

  await apply(unliked(photo(1), actor(2), owner), unfollowed(actor(3), owner));
  page = await reader.read(OWNER, { limit: 5 });
  expect(page.items.map((g) => [g.kind, g.day, g.actorIds])).toEqual([
    ['like', '2026-11-22', [actor(1)]],
  ]);
  // Index, one actor set, the applied position. No orphans.
  expect(await keysUnder(feeds.redis, keyPrefix)).toHaveLength(3);
});

it("a deleted photo's groups disappear on every day, other photos' stay", async () => {
  const { apply, reader, keyPrefix } = feeds.feed('act-delete');
  await apply(
    liked(photo(1), actor(1), owner, '2026-11-20T10:00:00.000Z'),
    liked(photo(1), actor(2), owner, '2026-11-21T10:00:00.000Z'),
    liked(photo(2), actor(1), owner, '2026-11-21T11:00:00.000Z'),
    liked(photo(1), actor(3), owner, '2026-11-22T10:00:00.000Z'),
    photoDeleted(photo(1), owner, '2026-11-22T12:00:00.000Z'),
  );
  const page = await reader.read(OWNER, { limit: 5 });
  expect(photoIdsOf(page.items)).toEqual([photo(2)]);
  // Index, one actor set, the applied position.
  expect(await keysUnder(feeds.redis, keyPrefix)).toHaveLength(3);
});

it('keeps the newest maxGroups groups and drops the keys of the others', async () => {
  const { apply, reader, keyPrefix } = feeds.feed('act-trim', { maxGroups: 3 });
  await apply(...[1, 2, 3, 4, 5].map((n) => liked(photo(n), actor(n), owner, at(n))));
  const page = await reader.read(OWNER, { limit: 10 });
  expect(photoIdsOf(page.items)).toEqual([photo(5), photo(4), photo(3)]);
  // Index, three actor sets, the applied position.
  expect(await keysUnder(feeds.redis, keyPrefix)).toHaveLength(5);
  // A late like (clock skew) of a dropped group's day is dropped with it.
  await apply(liked(photo(1), actor(9), owner, at(1)));
  expect(photoIdsOf((await reader.read(OWNER, { limit: 10 })).items)).toEqual([
    photo(5),
    photo(4),
    photo(3),
  ]);
});

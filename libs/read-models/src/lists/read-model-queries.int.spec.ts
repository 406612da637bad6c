import { InvalidCursorError, type Page } from '@photofeed/pagination';
import { ReadModelHarness } from '../testing/read-model-harness';
import { Ids } from '../testing/write-side';
import { ReadModelQueries, type PageRequest } from './read-model-queries';

let h: ReadModelHarness;
let lists: ReadModelQueries;
const ids = new Ids();
const star = ids.on(6); // on database 1
const fans = Array.from({ length: 23 }, (_, i) => ids.on(i % 8)); // on every shard
const photos = Array.from({ length: 12 }, () => ids.on(6));

beforeAll(async () => {
  h = await ReadModelHarness.create('read_lists');
  lists = new ReadModelQueries(h.router);
  await h.start();
  const w = h.writes;
  await w.register(star);
  for (const fan of fans) await w.register(fan);
  for (const photo of photos) await w.post(photo, star);
  for (const fan of fans) await w.follow(fan, star);
  for (const fan of fans.slice(0, 11)) await w.like(photos[0], fan, star);
  // A follow that comes and goes, and one that goes and comes back (now the newest).
  await w.unfollow(fans[3], star);
  await w.unfollow(fans[5], star);
  await h.waitFor(await w.follow(fans[5], star));
});
afterAll(() => h?.drop());

/** Every item, following nextCursor from the first page to the last. */
async function walk(
  read: (page: PageRequest) => Promise<Page<string>>,
  limit: number,
): Promise<{ items: string[]; pages: number }> {
  const items: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read({ limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { items, pages };
}

it("walks a user's photos newest first, each exactly once, in pages smaller than the list", async () => {
  const { items, pages } = await walk((p) => lists.userPhotos(BigInt(star), p), 5);
  expect(items).toEqual([...photos].reverse());
  expect(pages).toBe(3);
});

it('walks followers by follow order, newest first: an unfollowed fan gone, a re-follow first', async () => {
  const expected = [fans[5], ...fans.filter((_, i) => i !== 3 && i !== 5).reverse()];
  const { items } = await walk((p) => lists.followers(BigInt(star), p), 4);
  expect(items).toEqual(expected);
  expect(new Set(items).size).toBe(items.length);
});

it('walks likers and the following list of a fan on another database', async () => {
  expect((await walk((p) => lists.photoLikers(BigInt(photos[0]), p), 3)).items).toEqual(
    fans.slice(0, 11).reverse(),
  );
  expect((await walk((p) => lists.following(BigInt(fans[0]), p), 1)).items).toEqual([star]);
});

it('ends with a null cursor when the last page is exactly full', async () => {
  const first = await lists.userPhotos(BigInt(star), { limit: 6 });
  const second = await lists.userPhotos(BigInt(star), { limit: 6, cursor: first.nextCursor! });
  expect(second.items).toHaveLength(6);
  expect(second.nextCursor).toBeNull();
});

it('accepts page sizes 1..100 only, and refuses the cursor of another list', async () => {
  for (const limit of [0, 101, 2.5, Number.NaN])
    await expect(lists.followers(BigInt(star), { limit })).rejects.toThrow(RangeError);
  const page = await lists.followers(BigInt(star), { limit: 2 });
  await expect(
    lists.following(BigInt(star), { limit: 2, cursor: page.nextCursor! }),
  ).rejects.toThrow(InvalidCursorError);
  expect((await lists.followers(BigInt(star), { limit: 100 })).items).toHaveLength(22);
});

it('gives an empty page for a key with nothing under it', async () => {
  expect(await lists.followers(BigInt(ids.on(2)), { limit: 10 })).toEqual({
    items: [],
    nextCursor: null,
  });
});

import { Pool } from 'pg';
import { shardOf } from '@photofeed/ids';
import type { TestUser } from '../accounts/testing/sign-up';
import { startReadsTestKit, type ReadsTestKit } from './testing/reads-test-kit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => {
  if (res.status !== 200) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return res.json();
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const anyJson = async (res: Response): Promise<any> => res.json();
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

// Every read waits on the position its write returned (minPosition): no sleeps, and each answer
// must say the views reached it.
describe('reads through HTTP (feeds, activity, profiles, lists)', () => {
  let kit: ReadsTestKit;

  beforeAll(async () => {
    kit = await startReadsTestKit({ FEED_CAPACITY: '5', FEED_CELEBRITY_FOLLOWERS: '2' });
  });
  afterAll(() => kit?.close());

  async function feed(user: TestUser, minPosition?: string, query = '') {
    const body = await json(await kit.get(user, `/feed${query}`, minPosition));
    if (minPosition) expect(body.consistency).toEqual({ minPosition, reached: true, behind: [] });
    return body;
  }

  it('A follows B, B posts: A reads it with B as owner; unfollow removes it', async () => {
    const [a, b] = [await kit.signUp(), await kit.signUp()];
    await kit.write(a, 'POST', `/users/${b.userId}/follow`);
    const { photoId, position } = await kit.post(b, 'sunset');
    const page = await feed(a, position);
    expect(ids(page)).toEqual([photoId]);
    expect(page.items[0]).toMatchObject({
      caption: 'sunset',
      ownerId: b.userId,
      owner: { id: b.userId, username: b.username },
      likeCount: 0,
    });
    expect(page.items[0].urls.medium).toMatch(/^http/);
    // The author sees their own photo too.
    expect(ids(await feed(b, position))).toEqual([photoId]);

    const unfollowed = await kit.write(a, 'DELETE', `/users/${b.userId}/follow`);
    expect(ids(await feed(a, unfollowed))).toEqual([]);
  });

  it('follow backfills; a deleted photo leaves every feed, the list and the document', async () => {
    const [a, b, c] = [await kit.signUp(), await kit.signUp(), await kit.signUp()];
    const first = await kit.post(b);
    const second = await kit.post(b);
    await kit.write(a, 'POST', `/users/${b.userId}/follow`);
    const followed = await kit.write(c, 'POST', `/users/${b.userId}/follow`);
    expect(ids(await feed(a, followed))).toEqual([second.photoId, first.photoId]);

    const deleted = await kit.write(b, 'DELETE', `/photos/${second.photoId}`);
    for (const reader of [a, b, c])
      expect(ids(await feed(reader, deleted))).toEqual([first.photoId]);
    expect(ids(await json(await kit.get(a, `/users/${b.userId}/photos`, deleted)))).toEqual([
      first.photoId,
    ]);
    const gone = await kit.get(a, `/photos/${second.photoId}`, deleted);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toContain('application/problem+json');
    expect((await anyJson(gone)).code).toBe('photo_not_found');
  });

  it("a celebrity's photos reach followers through the read-time merge, once each", async () => {
    const star = await kit.signUp();
    const fans = [await kit.signUp(), await kit.signUp(), await kit.signUp()];
    for (const fan of fans) await kit.write(fan, 'POST', `/users/${star.userId}/follow`);
    const { photoId, position } = await kit.post(star, 'premiere'); // 3 followers > 2: not fanned out
    for (const fan of fans) expect(ids(await feed(fan, position))).toEqual([photoId]);
  });

  it('the feed holds the newest FEED_CAPACITY photos, newest first, and pages exactly', async () => {
    const [reader, author] = [await kit.signUp(), await kit.signUp()];
    await kit.write(reader, 'POST', `/users/${author.userId}/follow`);
    const posted: string[] = [];
    let position = '';
    for (let i = 0; i < 7; i++) ({ photoId: posted[i], position } = await kit.post(author));
    const newestFive = posted.slice(2).reverse();
    expect(ids(await feed(reader, position))).toEqual(newestFive);

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await feed(reader, undefined, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(newestFive);
  });

  it('a user who never read their feed gets it built when they first read it', async () => {
    const [author, late] = [await kit.signUp(), await kit.signUp()];
    await kit.write(late, 'POST', `/users/${author.userId}/follow`);
    const older = await kit.post(author);
    const newer = await kit.post(author);
    expect(ids(await feed(late, newer.position))).toEqual([newer.photoId, older.photoId]);
  });

  it('profiles count photos, followers and following; lists page newest first', async () => {
    const [star, f1, f2, f3] = await Promise.all([1, 2, 3, 4].map(() => kit.signUp()));
    for (const f of [f1, f2, f3]) await kit.write(f, 'POST', `/users/${star.userId}/follow`);
    const { photoId } = await kit.post(star);
    await kit.write(f1, 'POST', `/photos/${photoId}/like`);
    const last = await kit.write(f2, 'POST', `/photos/${photoId}/like`);

    expect(await json(await kit.get(f1, `/users/${star.userId}`, last))).toMatchObject({
      id: star.userId,
      username: star.username,
      photoCount: 1,
      followerCount: 3,
      followingCount: 0,
    });
    expect(await json(await kit.get(f1, `/users/${f1.userId}`, last))).toMatchObject({
      followingCount: 1,
    });
    const followers = await json(
      await kit.get(f1, `/users/${star.userId}/followers?limit=2`, last),
    );
    expect(ids(followers)).toEqual([f3.userId, f2.userId]);
    const rest = await json(
      await kit.get(f1, `/users/${star.userId}/followers?limit=2&cursor=${followers.nextCursor}`),
    );
    expect(ids(rest)).toEqual([f1.userId]);
    expect(rest.nextCursor).toBeNull();
    expect(ids(await json(await kit.get(f1, `/users/${f2.userId}/following`, last)))).toEqual([
      star.userId,
    ]);
    expect(ids(await json(await kit.get(f1, `/photos/${photoId}/likes`, last)))).toEqual([
      f2.userId,
      f1.userId,
    ]);
  });

  it('a like count read through memcached changes after a like', async () => {
    const [owner, fan] = [await kit.signUp(), await kit.signUp()];
    const { photoId, position } = await kit.post(owner);
    expect((await json(await kit.get(fan, `/photos/${photoId}`, position))).likeCount).toBe(0);
    // Read again: now from the cache.
    expect((await json(await kit.get(fan, `/photos/${photoId}`))).likeCount).toBe(0);
    const liked = await kit.write(fan, 'POST', `/photos/${photoId}/like`);
    expect((await json(await kit.get(fan, `/photos/${photoId}`, liked))).likeCount).toBe(1);
    const unliked = await kit.write(fan, 'DELETE', `/photos/${photoId}/like`);
    expect((await json(await kit.get(fan, `/photos/${photoId}`, unliked))).likeCount).toBe(0);
  });

  it('activity aggregates likes per photo and follows per day, with an unread count', async () => {
    const [me, ana, ben, cy] = await Promise.all([1, 2, 3, 4].map(() => kit.signUp()));
    const { photoId } = await kit.post(me);
    for (const u of [ana, ben, cy]) await kit.write(u, 'POST', `/photos/${photoId}/like`);
    await kit.write(ana, 'POST', `/users/${me.userId}/follow`);
    const last = await kit.write(ben, 'POST', `/users/${me.userId}/follow`);

    const activity = await json(await kit.get(me, '/activity', last));
    expect(activity.unread).toBe(2);
    expect(activity.items).toHaveLength(2);
    const [follows, likes] = activity.items;
    expect(follows).toMatchObject({
      kind: 'follow',
      actorCount: 2,
      text: `${ben.username} and 1 other started following you`,
    });
    expect(follows.actors.map((u: { id: string }) => u.id)).toEqual([ben.userId, ana.userId]);
    expect(likes).toMatchObject({
      kind: 'like',
      actorCount: 3,
      photo: { id: photoId },
      text: `${cy.username} and 2 others liked your photo`,
    });

    const seen = await fetch(`${kit.api.url}/activity/seen`, { method: 'POST', headers: me.auth });
    expect(seen.status).toBe(204);
    expect((await json(await kit.get(me, '/activity'))).unread).toBe(0);
  });

  it('rows live on the shard database their id names, and only there', async () => {
    const [onA, onB] = [await kit.signUpOn(0), await kit.signUpOn(1)];
    const followed = await kit.write(onA, 'POST', `/users/${onB.userId}/follow`);
    expect(await json(await kit.get(onA, `/users/${onB.userId}`, followed))).toMatchObject({
      followerCount: 1,
    });
    const urls = kit.api.readSide!.shardDatabaseUrls;
    const where = async (userId: string) => {
      const found: number[] = [];
      for (const [db, url] of urls.entries()) {
        const pool = new Pool({ connectionString: url, max: 1 });
        const schema = `shard_${String(shardOf(BigInt(userId))).padStart(4, '0')}`;
        const { rowCount } = await pool
          .query(`SELECT 1 FROM ${schema}.users WHERE user_id = $1`, [userId])
          .catch(() => ({ rowCount: 0 }));
        if (rowCount) found.push(db);
        await pool.end();
      }
      return found;
    };
    expect(await where(onA.userId)).toEqual([0]);
    expect(await where(onB.userId)).toEqual([1]);
  });

  it('refuses bad cursors, page sizes and positions with a problem, and unknown users with 404', async () => {
    const user = await kit.signUp();
    for (const query of [
      '?cursor=not-a-cursor',
      '?limit=0',
      '?limit=101',
      '?minPosition=yesterday',
    ]) {
      const res = await kit.get(user, `/feed${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const followersCursor = (await json(await kit.get(user, `/users/${user.userId}/followers`)))
      .nextCursor;
    expect(followersCursor).toBeNull();
    const missing = await kit.get(user, '/users/123456789');
    expect(missing.status).toBe(404);
    expect((await anyJson(missing)).code).toBe('user_not_found');
    expect((await kit.get(undefined, '/feed')).status).toBe(401);
  });
});

describe('read-your-writes past the wait bound', () => {
  let kit: ReadsTestKit;
  beforeAll(async () => {
    kit = await startReadsTestKit({ READ_MAX_WAIT_MS: '50' });
  });
  afterAll(() => kit?.close());

  it('answers anyway and says which views were behind', async () => {
    const user = await kit.signUp();
    // A list, not the profile: an empty list is still an answer when the views are behind.
    const res = await kit.get(user, `/users/${user.userId}/followers`, '999999999999-999999999999');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-read-consistency')).toBe('behind');
    const body = await anyJson(res);
    expect(body.consistency.reached).toBe(false);
    expect(body.consistency.behind).toEqual(
      expect.arrayContaining([expect.stringMatching(/read-models/)]),
    );
  });
});

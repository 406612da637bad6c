import type { PostgresProjection } from '@photofeed/projections';
import {
  loadDocuments,
  selectPhotoDocuments,
  selectUserDocuments,
} from '../documents/load-documents';
import { ReadModelQueries } from '../lists/read-model-queries';
import { appendRandomHistory } from '../testing/random-workload';
import { ReadModelHarness } from '../testing/read-model-harness';
import { Ids, objectsOf } from '../testing/write-side';

let h: ReadModelHarness;
let lists: ReadModelQueries;
const ids = new Ids();

beforeAll(async () => {
  h = await ReadModelHarness.create('read_models');
  lists = new ReadModelQueries(h.router);
});
afterEach(() => h.stop());
afterAll(() => h?.drop());

const page = { limit: 100 };
const users = async (...list: string[]) =>
  loadDocuments(h.router, list.map(BigInt), selectUserDocuments);
const photo = async (id: string) =>
  (await loadDocuments(h.router, [BigInt(id)], selectPhotoDocuments))[0];

describe('one history over two databases', () => {
  // Shards 0-3 are on database 0, 4-7 on database 1.
  const ana = ids.on(1);
  const ben = ids.on(5);
  const cy = ids.on(2);
  const dee = ids.on(6);
  const [p1, p2, p3] = [ids.on(1), ids.on(1), ids.on(1)];
  const b1 = ids.on(5);

  beforeAll(async () => {
    await h.start();
    const w = h.writes;
    for (const [id, name] of [
      [ana, 'Ana.Lima'],
      [ben, 'ben'],
      [cy, 'cy'],
      [dee, 'dee'],
    ])
      await w.register(id, name);
    await w.updateProfile(ana, { displayName: 'Ana Lima' });
    await w.updateProfile(ana, { bio: 'photos of Lisbon' });
    await w.post(p1, ana, {
      caption: 'tram',
      location: { lat: 38.71, lng: -9.14, placeName: 'Lisboa' },
    });
    await w.post(p2, ana);
    await w.post(p3, ana, { location: { lat: 1.5, lng: 2.25 } });
    await w.post(b1, ben);
    await w.like(p1, ben, ana);
    await w.like(p1, cy, ana);
    await w.like(p1, dee, ana);
    await w.unlike(p1, cy, ana);
    await w.like(b1, ana, ben);
    await w.like(p2, ben, ana);
    await w.follow(ben, ana);
    await w.follow(cy, ana);
    await w.follow(dee, ana);
    await w.follow(ana, ben);
    await w.unfollow(cy, ana);
    await h.waitFor(await w.deletePhoto(p2, ana));
  });

  it('keeps profiles and every counter', async () => {
    expect(await users(ana, ben, cy, dee)).toEqual(
      expect.arrayContaining([
        {
          id: ana,
          username: 'Ana.Lima',
          displayName: 'Ana Lima',
          bio: 'photos of Lisbon',
          photoCount: 2,
          followerCount: 2,
          followingCount: 1,
        },
        expect.objectContaining({ id: ben, photoCount: 1, followerCount: 1, followingCount: 1 }),
        expect.objectContaining({ id: cy, photoCount: 0, followerCount: 0, followingCount: 0 }),
        expect.objectContaining({ id: dee, photoCount: 0, followerCount: 0, followingCount: 1 }),
      ]),
    );
    expect(await photo(p1)).toEqual({
      id: p1,
      ownerId: ana,
      caption: 'tram',
      location: { lat: 38.71, lng: -9.14, placeName: 'Lisboa' },
      objects: objectsOf(p1),
      width: 2048,
      height: 1536,
      postedAt: expect.stringMatching(/^2026-03-01T12:\d\d:\d\d\.000Z$/),
      likeCount: 2,
    });
    expect((await photo(p3)).location).toEqual({ lat: 1.5, lng: 2.25 });
    expect((await photo(b1)).likeCount).toBe(1);
  });

  it('lists newest first, and a deleted photo is gone with its likes', async () => {
    expect((await lists.userPhotos(BigInt(ana), page)).items).toEqual([p3, p1]);
    expect(await photo(p2)).toBeUndefined();
    expect((await lists.photoLikers(BigInt(p2), page)).items).toEqual([]);
    expect((await lists.photoLikers(BigInt(p1), page)).items).toEqual([dee, ben]);
    expect((await lists.followers(BigInt(ana), page)).items).toEqual([dee, ben]);
    expect((await lists.following(BigInt(ana), page)).items).toEqual([ben]);
    expect((await lists.following(BigInt(cy), page)).items).toEqual([]);
    expect((await lists.followers(BigInt(ben), page)).items).toEqual([ana]);
  });

  it('puts each row on the shard its key names, and nothing on the other database', async () => {
    const everywhere = (db: number, table: string, column: string) =>
      h.onDatabase<{ schema: string; id: string }>(
        db,
        [0, 1, 2, 3, 4, 5, 6, 7]
          .filter((s) => h.router.map.databaseFor(s) === db)
          .map(
            (s) =>
              `SELECT 'shard_000${s}' AS schema, ${column}::text AS id FROM shard_000${s}.${table}`,
          )
          .join(' UNION ALL ') + ' ORDER BY 1, 2',
      );
    expect(await everywhere(0, 'users', 'user_id')).toEqual([
      { schema: 'shard_0001', id: ana },
      { schema: 'shard_0002', id: cy },
    ]);
    expect(await everywhere(1, 'users', 'user_id')).toEqual([
      { schema: 'shard_0005', id: ben },
      { schema: 'shard_0006', id: dee },
    ]);
    expect(await everywhere(0, 'photos', 'photo_id')).toEqual([
      { schema: 'shard_0001', id: p1 },
      { schema: 'shard_0001', id: p3 },
    ]);
    expect(await everywhere(1, 'photos', 'photo_id')).toEqual([{ schema: 'shard_0005', id: b1 }]);
    // A like lives with its photo, not with the liker.
    expect(await everywhere(1, 'photo_likes', `photo_id::text || ':' || user_id`)).toEqual([
      { schema: 'shard_0005', id: `${b1}:${ana}` },
    ]);
    // ben follows ana: "followers" row on ana's shard (db 0), "following" row on ben's (db 1).
    expect(await everywhere(0, 'followers', `user_id::text || ':' || follower_id`)).toEqual(
      [ben, dee]
        .map((f) => ({ schema: 'shard_0001', id: `${ana}:${f}` }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(await everywhere(1, 'following', `user_id::text || ':' || followee_id`)).toEqual([
      { schema: 'shard_0005', id: `${ben}:${ana}` },
      { schema: 'shard_0006', id: `${dee}:${ana}` },
    ]);
    expect(await everywhere(0, 'following', `user_id::text || ':' || followee_id`)).toEqual([
      { schema: 'shard_0001', id: `${ana}:${ben}` },
    ]);
  });

  it('keeps its checkpoint in each database, under its own name', async () => {
    for (const db of [0, 1])
      expect(await h.onDatabase(db, 'SELECT name, version FROM projection_checkpoints')).toEqual([
        { name: `read-models-db${db}`, version: 1 },
      ]);
  });
});

describe('a random history', () => {
  let end: Awaited<ReturnType<typeof appendRandomHistory>>;
  let oneByOne: Record<string, unknown[]>;

  beforeAll(async () => {
    await h.truncateViews();
    end = await appendRandomHistory(h.writes, { seed: 7, users: 24, commands: 420, shards: 8 });
    // The reference: one event per batch is the events applied one by one.
    await h.start({}, 1);
    await h.waitFor(end);
    await h.stop();
    oneByOne = await h.snapshot();
  });

  it('gives the same rows whatever the batch size, counters equal to the rows', async () => {
    for (const [batchSize, schemasPerQuery] of [
      [500, 64],
      [37, 1],
    ]) {
      await h.truncateViews();
      await h.start({ schemasPerQuery }, batchSize);
      await h.waitFor(end);
      await h.stop();
      expect(await h.snapshot()).toEqual(oneByOne);
    }
    await expectCountersMatchRows();
  });

  it('gives the same rows when restarted mid-log as in one uninterrupted run', async () => {
    await h.truncateViews();
    let batches = 0;
    let third!: () => void;
    const reachedThird = new Promise<void>((resolve) => (third = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated = (p: PostgresProjection): PostgresProjection => ({
      ...p,
      handle: async (events, tx) => {
        if (++batches === 3) {
          third();
          await gate;
        }
        return p.handle(events, tx);
      },
    });
    await h.start({}, 23, gated);
    await reachedThird;
    const stopping = h.stop();
    open();
    await stopping;
    const stoppedAt = await h.onDatabase<{ seq: string }>(
      0,
      'SELECT seq FROM projection_checkpoints',
    );
    expect(BigInt(stoppedAt[0].seq)).toBeLessThan(end.seq);

    await h.start({}, 23);
    await h.waitFor(end);
    expect(await h.snapshot()).toEqual(oneByOne);
  });
});

/** Every counter equals the rows it counts, on every shard. */
async function expectCountersMatchRows(): Promise<void> {
  for (const db of [0, 1])
    for (const s of h.router.map.shardsOn(db)) {
      const schema = h.router.schemaFor(s);
      const drift = await h.onDatabase(
        db,
        `SELECT u.user_id FROM ${schema}.users u
          WHERE photo_count <> (SELECT count(*) FROM ${schema}.photos p WHERE p.owner_id = u.user_id)
             OR follower_count <> (SELECT count(*) FROM ${schema}.followers f WHERE f.user_id = u.user_id)
             OR following_count <> (SELECT count(*) FROM ${schema}.following f WHERE f.user_id = u.user_id)
         UNION ALL
         SELECT p.photo_id FROM ${schema}.photos p
          WHERE like_count <> (SELECT count(*) FROM ${schema}.photo_likes l WHERE l.photo_id = p.photo_id)`,
      );
      expect({ schema, drift }).toEqual({ schema, drift: [] });
    }
}

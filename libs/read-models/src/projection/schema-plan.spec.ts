import type { RecordedEvent } from '@photofeed/event-store';
import { composeId } from '@photofeed/ids';
import { ShardMap } from '@photofeed/shards';
import { routeEvent } from './changes';
import { planDatabaseBatch, touchedDocuments, type SchemaPlan } from './schema-plan';

// 8 shards over two databases: 0-3 on database 0, 4-7 on database 1.
const map = new ShardMap({ logicalShards: 8, databases: ['postgres://h/a', 'postgres://h/b'] });
const id = (shard: number, ms = 1) => composeId({ ms, shard, sequence: 0 }).toString();
const ANA = id(1);
const BEN = id(5);
const PHOTO = id(1, 2);
const OBJECTS = { original: 'o', large: 'l', medium: 'm', small: 's' };

let seq = 0n;
function event(type: string, data: object): RecordedEvent {
  seq++;
  return {
    id: `e${seq}`,
    type,
    schemaVersion: 1,
    streamId: 'irrelevant',
    streamRevision: 0n,
    position: { tx: seq, seq },
    globalPosition: seq,
    recordedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, Number(seq))),
    data,
    metadata: {},
  };
}

const liked = (photoId = PHOTO, userId = BEN) =>
  event('Liked', {
    photoId,
    userId,
    photoOwnerId: ANA,
    likedAt: `2026-03-01T00:00:${10 + Number(seq)}Z`,
  });
const unliked = (photoId = PHOTO, userId = BEN) =>
  event('Unliked', { photoId, userId, photoOwnerId: ANA });
const posted = (photoId = PHOTO) =>
  event('PhotoPosted', {
    photoId,
    ownerId: ANA,
    caption: 'c',
    objects: OBJECTS,
    width: 1,
    height: 1,
    postedAt: '2026-03-01T00:00:00Z',
  });

function plan(events: RecordedEvent[], db = 0, schema = 'shard_0001'): SchemaPlan | undefined {
  return planDatabaseBatch(events, map, db).get(schema);
}

describe('routeEvent', () => {
  it('puts a follow on both sides: followers on the followee, following on the follower', () => {
    const routed = routeEvent(
      event('Followed', { followerId: BEN, followeeId: ANA, followedAt: '2026-03-01T00:00:00Z' }),
    );
    expect(routed.map((r) => [r.shard, r.change.kind === 'relation' && r.change.relation])).toEqual(
      [
        [1, 'followers'],
        [5, 'following'],
      ],
    );
  });

  it("puts a like on the photo's shard, not the liker's, with the event's global position", () => {
    const e = liked();
    expect(routeEvent(e)).toEqual([
      {
        shard: 1,
        change: expect.objectContaining({
          relation: 'likes',
          owner: PHOTO,
          other: BEN,
          present: true,
          position: e.globalPosition.toString(),
        }),
      },
    ]);
  });

  it('ignores events the read models do not keep', () => {
    expect(routeEvent(event('UsernameClaimed', { username: 'ana', userId: ANA }))).toEqual([]);
  });
});

describe('planDatabaseBatch', () => {
  it('keeps only what lands on the given database, per schema', () => {
    const follow = event('Followed', {
      followerId: BEN,
      followeeId: ANA,
      followedAt: '2026-03-01T00:00:00Z',
    });
    expect([...planDatabaseBatch([follow], map, 0).keys()]).toEqual(['shard_0001']);
    expect([...planDatabaseBatch([follow], map, 1).keys()]).toEqual(['shard_0005']);
    expect(plan([follow])?.followers).toEqual([
      expect.objectContaining({ owner: ANA, other: BEN, op: 'insert' }),
    ]);
    expect(plan([follow], 1, 'shard_0005')?.following).toEqual([
      expect.objectContaining({ owner: BEN, other: ANA, op: 'insert' }),
    ]);
  });

  it.each([
    ['like', ['L'], 'insert', 0],
    ['like twice (the first stands)', ['L', 'L'], 'insert', 0],
    ['unlike', ['U'], 'delete', -1],
    ['like, unlike', ['L', 'U'], 'delete', -1],
    ['unlike, like (replaces whatever was there)', ['U', 'L'], 'replace', 1],
    ['like, unlike, like, like', ['L', 'U', 'L', 'L'], 'replace', 2],
  ])('folds %s into one op', (_name, steps, op, standing) => {
    const events = steps.map((s) => (s === 'L' ? liked() : unliked()));
    const [only] = plan(events)!.likes;
    expect(only.op).toBe(op);
    if (standing >= 0) {
      expect(only.position).toBe(events[standing].globalPosition.toString());
      expect(only.at).toBe((events[standing].data as { likedAt: string }).likedAt);
    }
  });

  it('folds profile changes into a registration of the same batch, last value per field', () => {
    const p = plan([
      event('UserRegistered', {
        userId: ANA,
        username: 'Ana',
        displayName: 'A',
        registeredAt: '2026-03-01T00:00:00Z',
      }),
      event('ProfileUpdated', { userId: ANA, displayName: 'Ana L' }),
      event('ProfileUpdated', { userId: ANA, bio: 'hi' }),
    ])!;
    expect(p.newUsers).toEqual([
      { userId: ANA, username: 'Ana', displayName: 'Ana L', bio: 'hi', at: expect.any(String) },
    ]);
    expect(p.profileChanges).toEqual([]);
  });

  it('merges changes of an earlier-registered user, an empty bio included', () => {
    const second = event('ProfileUpdated', { userId: ANA, bio: '' });
    const p = plan([
      event('ProfileUpdated', { userId: ANA, displayName: 'X', bio: 'old' }),
      second,
    ])!;
    expect(p.profileChanges).toEqual([
      { userId: ANA, displayName: 'X', bio: '', at: second.recordedAt.toISOString() },
    ]);
  });

  it('drops a photo posted and deleted in one batch, and every like op on a deleted photo', () => {
    const other = id(1, 3);
    const p = plan([
      posted(),
      liked(),
      posted(other),
      liked(other),
      event('PhotoDeleted', { photoId: PHOTO, ownerId: ANA, deletedAt: '2026-03-01T00:00:00Z' }),
      liked(PHOTO, id(2)), // raced the deletion
    ])!;
    expect(p.newPhotos.map((ph) => ph.photoId)).toEqual([other]);
    expect(p.deletedPhotos).toEqual([{ photoId: PHOTO, ownerId: ANA }]);
    expect(p.likes.map((l) => l.owner)).toEqual([other]);
    expect(touchedDocuments(p)).toEqual({
      userIds: [ANA],
      photoIds: [other],
      deletedPhotoIds: [PHOTO],
    });
  });
});

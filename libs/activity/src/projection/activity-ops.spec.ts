import type { RecordedEvent } from '@photofeed/event-store';
import { activityOps } from './activity-ops';

let n = 0n;
function event(type: string, data: Record<string, string>): RecordedEvent {
  n++;
  return {
    id: `e${n}`,
    type,
    schemaVersion: 1,
    streamId: 'x-1',
    streamRevision: 0n,
    position: { tx: n, seq: n },
    globalPosition: n,
    recordedAt: new Date(),
    data,
    metadata: {},
  };
}

const liked = (photoId: string, userId: string, photoOwnerId: string, likedAt: string) =>
  event('Liked', { photoId, userId, photoOwnerId, likedAt });

describe('activityOps', () => {
  it("adds a like to the owner's group of that photo and UTC day, at the like's own time", () => {
    expect(activityOps(liked('100', '7', '9', '2026-11-22T10:00:00.000Z'))).toEqual([
      {
        op: 'add',
        userId: '9',
        groupId: 'l:100:20261122',
        actorId: '7',
        atMs: Date.parse('2026-11-22T10:00:00Z'),
      },
    ]);
    const groupOf = (e: RecordedEvent) => (activityOps(e)[0] as { groupId: string }).groupId;
    const sameDay = groupOf(liked('100', '8', '9', '2026-11-22T23:59:59.999Z'));
    const nextDay = groupOf(liked('100', '8', '9', '2026-11-23T00:00:00.000Z'));
    const otherPhoto = groupOf(liked('101', '8', '9', '2026-11-22T10:00:00.000Z'));
    expect(sameDay).toBe('l:100:20261122');
    expect(nextDay).toBe('l:100:20261123');
    expect(otherPhoto).toBe('l:101:20261122');
  });

  it('tells nobody about liking your own photo, or taking that back', () => {
    expect(activityOps(liked('100', '9', '9', '2026-11-22T10:00:00Z'))).toEqual([]);
    expect(
      activityOps(event('Unliked', { photoId: '100', userId: '9', photoOwnerId: '9' })),
    ).toEqual([]);
  });

  it('takes an unliker out of every like group of that photo (the unlike carries no day)', () => {
    expect(
      activityOps(event('Unliked', { photoId: '100', userId: '7', photoOwnerId: '9' })),
    ).toEqual([{ op: 'remove-actor', userId: '9', groupsPrefix: 'l:100:', actorId: '7' }]);
  });

  it("follows go to the followee's follow group of the day; unfollows out of every follow group", () => {
    expect(
      activityOps(
        event('Followed', { followerId: '7', followeeId: '9', followedAt: '2026-11-22T10:00:00Z' }),
      ),
    ).toEqual([
      {
        op: 'add',
        userId: '9',
        groupId: 'f:20261122',
        actorId: '7',
        atMs: Date.parse('2026-11-22T10:00:00Z'),
      },
    ]);
    expect(activityOps(event('Unfollowed', { followerId: '7', followeeId: '9' }))).toEqual([
      { op: 'remove-actor', userId: '9', groupsPrefix: 'f:', actorId: '7' },
    ]);
  });

  it("a deleted photo's like groups disappear, on every day", () => {
    expect(
      activityOps(
        event('PhotoDeleted', { photoId: '100', ownerId: '9', deletedAt: '2026-11-22T10:00:00Z' }),
      ),
    ).toEqual([{ op: 'remove-groups', userId: '9', groupsPrefix: 'l:100:' }]);
  });

  it('ignores other events and refuses malformed ids or times (the runner parks those)', () => {
    expect(activityOps(event('PhotoPosted', { photoId: '100', ownerId: '9' }))).toEqual([]);
    expect(() => activityOps(liked('1e3', '7', '9', '2026-11-22T10:00:00Z'))).toThrow();
    expect(() => activityOps(liked('100', '7', '9', 'yesterday'))).toThrow(/likedAt is not a time/);
  });
});

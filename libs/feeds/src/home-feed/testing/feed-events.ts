import type {
  Followed,
  PhotoDeleted,
  PhotoPosted,
  Unfollowed,
  UserRegistered,
} from '@photofeed/domain';
import { followStream, photoStream, userStream } from '@photofeed/domain';
import type { RecordedEvent } from '@photofeed/event-store';
import { composeId } from '@photofeed/ids';

/** Test events shaped as the write side writes them. */
export type FeedTestEvent = UserRegistered | PhotoPosted | PhotoDeleted | Followed | Unfollowed;

const AT = '2026-03-01T00:00:00.000Z';

export const registered = (userId: string): UserRegistered => ({
  type: 'UserRegistered',
  data: { userId, username: `u${userId}`, displayName: `User ${userId}`, registeredAt: AT },
});

export const posted = (photoId: string, ownerId: string): PhotoPosted => ({
  type: 'PhotoPosted',
  data: {
    photoId,
    ownerId,
    caption: '',
    objects: {
      original: `o/${photoId}`,
      large: `l/${photoId}`,
      medium: `m/${photoId}`,
      small: `s/${photoId}`,
    },
    width: 612,
    height: 612,
    postedAt: AT,
  },
});

export const deleted = (photoId: string, ownerId: string): PhotoDeleted => ({
  type: 'PhotoDeleted',
  data: { photoId, ownerId, deletedAt: AT },
});

export const followed = (followerId: string, followeeId: string): Followed => ({
  type: 'Followed',
  data: { followerId, followeeId, followedAt: AT },
});

export const unfollowed = (followerId: string, followeeId: string): Unfollowed => ({
  type: 'Unfollowed',
  data: { followerId, followeeId },
});

export function streamOfFeedEvent(event: FeedTestEvent): string {
  switch (event.type) {
    case 'UserRegistered':
      return userStream(event.data.userId);
    case 'PhotoPosted':
    case 'PhotoDeleted':
      return photoStream(event.data.photoId);
    case 'Followed':
    case 'Unfollowed':
      return followStream(event.data.followerId, event.data.followeeId);
  }
}

/** The events as the log would hand them back (positions in order), for calling handle() directly. */
export function asRecorded(events: readonly FeedTestEvent[], firstSeq = 1): RecordedEvent[] {
  return events.map((event, i) => {
    const seq = BigInt(firstSeq + i);
    return {
      id: `00000000-0000-4000-8000-${seq.toString().padStart(12, '0')}`,
      type: event.type,
      schemaVersion: 1,
      streamId: streamOfFeedEvent(event),
      streamRevision: 0n,
      position: { tx: seq, seq },
      globalPosition: seq,
      recordedAt: new Date(AT),
      data: event.data,
      metadata: {},
    };
  });
}

/** User ids: real 64-bit ids, small enough to read in failures. */
export function userId(n: number): string {
  return composeId({ ms: 1_000 + n, shard: n % 64, sequence: 0 }).toString();
}

/**
 * Photo ids beyond 2^53, four per millisecond (same shard, sequences 1-4), increasing with `n`:
 * the four share one double (doubles are 512 apart up here), so only exact 64-bit order sorts them.
 */
export function photoId(n: number): string {
  const ms = 2 ** 38 + Math.floor(n / 4);
  return composeId({ ms, shard: 4000, sequence: 1 + (n % 4) }).toString();
}

import { randomUUID } from 'node:crypto';
import {
  streamOf,
  type Followed,
  type Liked,
  type PhotoDeleted,
  type PhotoFeedEvent,
  type Unfollowed,
  type Unliked,
} from '@photofeed/domain';
import type { NewEvent, RecordedEvent } from '@photofeed/event-store';
import type Redis from 'ioredis';
import { keysUnder } from '@photofeed/testing';

/** Events shaped as the write side writes them (decimal-string ids, ISO times), for tests. */
export const liked = (
  photoId: string,
  userId: string,
  photoOwnerId: string,
  likedAt: string,
): Liked => ({
  type: 'Liked',
  data: { photoId, userId, photoOwnerId, likedAt },
});
export const unliked = (photoId: string, userId: string, photoOwnerId: string): Unliked => ({
  type: 'Unliked',
  data: { photoId, userId, photoOwnerId },
});
export const followed = (followerId: string, followeeId: string, followedAt: string): Followed => ({
  type: 'Followed',
  data: { followerId, followeeId, followedAt },
});
export const unfollowed = (followerId: string, followeeId: string): Unfollowed => ({
  type: 'Unfollowed',
  data: { followerId, followeeId },
});
export const photoDeleted = (
  photoId: string,
  ownerId: string,
  deletedAt: string,
): PhotoDeleted => ({
  type: 'PhotoDeleted',
  data: { photoId, ownerId, deletedAt },
});

export function toNewEvent(event: PhotoFeedEvent): NewEvent {
  return { id: randomUUID(), type: event.type, data: event.data };
}

let position = 0n;
/** As the log would hand it to a projection (position and revision are not read by ours). */
export function recorded(event: PhotoFeedEvent): RecordedEvent {
  position++;
  return {
    id: randomUUID(),
    type: event.type,
    schemaVersion: 1,
    streamId: streamOf(event),
    streamRevision: 0n,
    position: { tx: position, seq: position },
    globalPosition: position,
    recordedAt: new Date(),
    data: event.data,
    metadata: {},
  };
}

// The suite's keys in the shared Redis: libs/testing's sweep.
export { deleteKeysUnder, keysUnder } from '@photofeed/testing';

/** Every key under the prefix with its content (sorted sets with scores), to compare whole views. */
export async function dumpUnder(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of await keysUnder(redis, prefix)) {
    const type = await redis.type(key);
    out[key] =
      type === 'zset' ? await redis.zrange(key, 0, '-1', 'WITHSCORES') : await redis.get(key);
  }
  return out;
}

import { randomUUID } from 'node:crypto';
import {
  streamOf,
  type PhotoFeedEvent,
  type PhotoLocation,
  type PhotoObjects,
} from '@photofeed/domain';
import type { EventStore, LogPosition } from '@photofeed/event-store';
import { composeId } from '@photofeed/ids';

/**
 * Appends events as the write side does: domain-shaped data, each event to the stream the domain
 * names for it (`streamOf`), a decision's streams in one atomic append.
 */
export class WriteSide {
  private clock = Date.parse('2026-03-01T12:00:00.000Z');

  constructor(private readonly store: EventStore) {}

  async append(...events: PhotoFeedEvent[]): Promise<LogPosition> {
    const streams = new Map<string, PhotoFeedEvent[]>();
    for (const e of events) streams.set(streamOf(e), [...(streams.get(streamOf(e)) ?? []), e]);
    const result = await this.store.appendMany(
      [...streams].map(([streamId, list]) => ({
        streamId,
        events: list.map((e) => ({ id: randomUUID(), type: e.type, data: e.data })),
      })),
    );
    return result.position;
  }

  /** Registration: the user stream and the username claim (and, in the api, credentials). */
  register(userId: string, username = `user${userId.slice(-6)}`): Promise<LogPosition> {
    return this.append(
      {
        type: 'UserRegistered',
        data: { userId, username, displayName: `Name ${username}`, registeredAt: this.now() },
      },
      { type: 'UsernameClaimed', data: { username: username.toLowerCase(), userId } },
    );
  }

  updateProfile(userId: string, change: { displayName?: string; bio?: string }) {
    return this.append({ type: 'ProfileUpdated', data: { userId, ...change } });
  }

  post(
    photoId: string,
    ownerId: string,
    options: { caption?: string; location?: PhotoLocation } = {},
  ) {
    return this.append({
      type: 'PhotoPosted',
      data: {
        photoId,
        ownerId,
        caption: options.caption ?? `photo ${photoId}`,
        ...(options.location && { location: options.location }),
        objects: objectsOf(photoId),
        width: 2048,
        height: 1536,
        postedAt: this.now(),
      },
    });
  }

  deletePhoto(photoId: string, ownerId: string) {
    return this.append({ type: 'PhotoDeleted', data: { photoId, ownerId, deletedAt: this.now() } });
  }

  like(photoId: string, userId: string, photoOwnerId: string) {
    return this.append({
      type: 'Liked',
      data: { photoId, userId, photoOwnerId, likedAt: this.now() },
    });
  }

  unlike(photoId: string, userId: string, photoOwnerId: string) {
    return this.append({ type: 'Unliked', data: { photoId, userId, photoOwnerId } });
  }

  follow(followerId: string, followeeId: string) {
    return this.append({
      type: 'Followed',
      data: { followerId, followeeId, followedAt: this.now() },
    });
  }

  unfollow(followerId: string, followeeId: string) {
    return this.append({ type: 'Unfollowed', data: { followerId, followeeId } });
  }

  /** A second later each time: distinct, ordered, deterministic times. */
  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }
}

export function objectsOf(photoId: string): PhotoObjects {
  return {
    original: `photos/${photoId}/original.jpg`,
    large: `photos/${photoId}/612.jpg`,
    medium: `photos/${photoId}/306.jpg`,
    small: `photos/${photoId}/150.jpg`,
  };
}

/** Ids as the api allocates them: time-sortable, carrying their shard. */
export class Ids {
  private ms = 1_000_000;

  /** A fresh id on `shard`, later than every id this allocator gave before. */
  on(shard: number): string {
    return composeId({ ms: this.ms++, shard, sequence: 0 }).toString();
  }
}

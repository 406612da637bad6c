import type {
  Followed,
  PhotoDeleted,
  PhotoPosted,
  Unfollowed,
  UserRegistered,
} from '@photofeed/domain';
import type { RecordedEvent } from '@photofeed/event-store';
import type { RedisProjection } from '@photofeed/projections';
import type { Redis } from 'ioredis';
import { encodeMember, HomeFeedKeys } from '../keys';
import {
  resolveHomeFeedOptions,
  type HomeFeedOptions,
  type ResolvedHomeFeedOptions,
} from '../options';
import { fanOut } from './fan-out';
import { changeFollow, recordPost, registerUser, removePost } from './scripts';

export const HOME_FEED_EVENT_TYPES = [
  'UserRegistered',
  'PhotoPosted',
  'PhotoDeleted',
  'Followed',
  'Unfollowed',
] as const;

type HomeFeedEvent = UserRegistered | PhotoPosted | PhotoDeleted | Followed | Unfollowed;

/**
 * The home feed, fanned out on write. Its own state, all under `keyPrefix`: each author's photos
 * (the newest `perAuthor` are the recent ones), followers and following sets, the celebrity set,
 * and each active reader's stored feed with its floor. The read side (HomeFeedReader) merges in
 * the celebrities' recent photos and rebuilds feeds that are not trusted.
 */
export function homeFeedProjection(redis: Redis, options: HomeFeedOptions): RedisProjection {
  const writer = new HomeFeedWriter(redis, resolveHomeFeedOptions(options));
  return {
    kind: 'redis',
    name: 'home-feed',
    version: 1,
    filter: { eventTypes: HOME_FEED_EVENT_TYPES },
    handle: (events) => writer.apply(events),
  };
}

/** Applies events one after another: each one's writes depend on the state the previous left. */
class HomeFeedWriter {
  private readonly keys: HomeFeedKeys;

  constructor(
    private readonly redis: Redis,
    private readonly options: ResolvedHomeFeedOptions,
  ) {
    this.keys = new HomeFeedKeys(options.keyPrefix, options.stateKeyPrefix);
  }

  async apply(events: RecordedEvent[]): Promise<void> {
    for (const event of events) await this.applyOne(event as RecordedEvent & HomeFeedEvent);
  }

  private async applyOne(event: HomeFeedEvent): Promise<void> {
    switch (event.type) {
      case 'UserRegistered': {
        const user = event.data.userId;
        await registerUser.run(this.redis, [this.keys.feed(user), this.keys.floor(user)], []);
        return;
      }
      case 'PhotoPosted':
        return this.photoPosted(event.data.photoId, event.data.ownerId);
      case 'PhotoDeleted':
        return this.photoDeleted(event.data.photoId, event.data.ownerId);
      case 'Followed':
        return this.followChanged(event.data.followerId, event.data.followeeId, true);
      case 'Unfollowed':
        return this.followChanged(event.data.followerId, event.data.followeeId, false);
    }
  }

  private async photoPosted(photoId: string, authorId: string): Promise<void> {
    const member = encodeMember(photoId, authorId);
    const [rank, pushedOut, celebrity] = (await recordPost.run(
      this.redis,
      [this.keys.posts(authorId), this.keys.celebrities],
      [member, this.options.perAuthor, authorId],
    )) as [number, string, number];
    // A celebrity's photos are merged in at read time. A photo that is not among its author's
    // recent ones (this event applied again after newer posts) belongs in no feed.
    if (celebrity === 1 || rank >= this.options.perAuthor) return;
    await fanOut(this.redis, this.keys, this.options, authorId, {
      add: [member],
      remove: pushedOut ? [pushedOut] : [],
    });
  }

  private async photoDeleted(photoId: string, authorId: string): Promise<void> {
    const member = encodeMember(photoId, authorId);
    const [refill, celebrity] = (await removePost.run(
      this.redis,
      [this.keys.posts(authorId), this.keys.celebrities],
      [member, this.options.perAuthor, authorId],
    )) as [string, number];
    // A celebrity's photos are read from their own list, where it is gone now. Stored copies from
    // before they became one are never shown (the reader checks each entry) and age out: removing
    // them here would touch every follower of every celebrity on every delete.
    if (celebrity === 1) return;
    // The refill (the author's photo that moves up into the recent ones) is added whether or not the
    // deleted photo was among them: it always belongs, and re-adding is a no-op.
    await fanOut(this.redis, this.keys, this.options, authorId, {
      add: refill ? [refill] : [],
      remove: [member],
    });
  }

  private async followChanged(userId: string, followeeId: string, follow: boolean): Promise<void> {
    const { keys, options } = this;
    const crossedDown = (await changeFollow.run(
      this.redis,
      [
        keys.following(userId),
        keys.followers(followeeId),
        keys.celebrities,
        keys.posts(followeeId),
        keys.feed(userId),
        keys.floor(userId),
        keys.lastRead,
      ],
      [
        userId,
        followeeId,
        follow ? '1' : '0',
        options.celebrityFollowers,
        options.perAuthor,
        options.now() - options.inactiveAfterMs,
        options.capacity,
        options.trimSlack,
      ],
    )) as string[];
    // No longer a celebrity: nothing merges their photos in any more, so every follower gets them.
    // (Becoming one needs nothing: the reader takes a celebrity's photos from their own list.)
    if (crossedDown.length > 0)
      await fanOut(this.redis, keys, options, followeeId, { add: crossedDown, remove: [] });
  }
}

import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@photofeed/event-store';
import { composeId, formatId } from '@photofeed/ids';

/** One append: a stream and its events, as the write side would make them. */
export interface LogAppend {
  streamId: string;
  events: NewEvent[];
}

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  data,
});

/**
 * A log the write side could have written, touching every view: registrations, posts and deletes,
 * likes and unlikes (also of one's own photo), follows and unfollows, users on `shards` logical
 * shards (so on every shard database). Rules the deciders enforce hold: one like per user and
 * photo at a time, no self-follows, only the owner deletes, nothing happens to a deleted photo.
 */
export function photoFeedLog(random: () => number, steps: number, shards: number): LogAppend[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const appends: LogAppend[] = [];
  const users: string[] = [];
  const photos: { id: string; owner: string }[] = [];
  const likes = new Set<string>();
  const follows = new Set<string>();
  let ms = 1_000_000;
  const at = () => new Date(Date.UTC(2026, 10, 1) + (ms += 40_000)).toISOString();
  const id = (shard: number) => formatId(composeId({ ms: ms++, shard, sequence: 0 }));

  const register = () => {
    const userId = id(Math.floor(random() * shards));
    users.push(userId);
    appends.push({
      streamId: `user-${userId}`,
      events: [
        event('UserRegistered', {
          userId,
          username: `user${users.length}`,
          displayName: `User ${users.length}`,
          registeredAt: at(),
        }),
      ],
    });
  };
  for (let i = 0; i < 6; i++) register();

  for (let step = 0; step < steps; step++) {
    const r = random();
    const actor = pick(users);
    if (r < 0.05) register();
    else if (r < 0.3) {
      const photoId = formatId(composeId({ ms: ms++, shard: shardOfId(actor), sequence: 1 }));
      photos.push({ id: photoId, owner: actor });
      const objects = {
        original: `o/${photoId}`,
        large: `l/${photoId}`,
        medium: `m/${photoId}`,
        small: `s/${photoId}`,
      };
      appends.push({
        streamId: `photo-${photoId}`,
        events: [
          event('PhotoPosted', {
            photoId,
            ownerId: actor,
            caption: `photo ${photos.length}`,
            objects,
            width: 1080,
            height: 1080,
            postedAt: at(),
            ...(random() < 0.3 ? { location: { lat: 38.7, lng: -9.1, placeName: 'Lisbon' } } : {}),
          }),
        ],
      });
    } else if (r < 0.35 && photos.length > 0) {
      const mine = photos.filter((p) => p.owner === actor);
      if (mine.length === 0) continue;
      const photo = pick(mine);
      photos.splice(photos.indexOf(photo), 1);
      appends.push({
        streamId: `photo-${photo.id}`,
        events: [event('PhotoDeleted', { photoId: photo.id, ownerId: actor, deletedAt: at() })],
      });
    } else if (r < 0.65 && photos.length > 0) {
      const photo = pick(photos);
      const key = `${photo.id}-${actor}`;
      const liked = likes.has(key);
      if (liked) likes.delete(key);
      else likes.add(key);
      const data = { photoId: photo.id, userId: actor, photoOwnerId: photo.owner };
      appends.push({
        streamId: `like-${key}`,
        events: [liked ? event('Unliked', data) : event('Liked', { ...data, likedAt: at() })],
      });
    } else {
      const other = pick(users);
      if (other === actor) continue;
      const key = `${actor}-${other}`;
      const following = follows.has(key);
      if (following) follows.delete(key);
      else follows.add(key);
      const data = { followerId: actor, followeeId: other };
      appends.push({
        streamId: `follow-${key}`,
        events: [
          following ? event('Unfollowed', data) : event('Followed', { ...data, followedAt: at() }),
        ],
      });
    }
  }
  return appends;
}

function shardOfId(userId: string): number {
  return Number((BigInt(userId) >> 10n) & 8191n);
}

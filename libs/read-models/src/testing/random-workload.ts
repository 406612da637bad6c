import type { LogPosition } from '@photofeed/event-store';
import { shardOf } from '@photofeed/ids';
import { seededRandom as random } from '@photofeed/random';
import { Ids, type WriteSide } from './write-side';

/**
 * Appends a mixed history through the write side's rules (no double like, no self-follow, ...):
 * registrations, profile changes, posts, deletes, likes, unlikes and re-likes, follows, unfollows
 * and re-follows, plus likes that race a deletion (appended after it, as the api can). Users are
 * spread over `shards` logical shards. Returns the position of the last event.
 */
export async function appendRandomHistory(
  writes: WriteSide,
  options: { seed: number; users: number; commands: number; shards: number },
): Promise<LogPosition> {
  const rnd = random(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const ids = new Ids();
  const users: string[] = [];
  const photos: { id: string; owner: string }[] = [];
  const deleted: { id: string; owner: string }[] = [];
  const likes = new Set<string>();
  const follows = new Set<string>();
  let last!: LogPosition;

  for (let i = 0; i < options.users; i++) {
    const id = ids.on(Math.floor(rnd() * options.shards));
    users.push(id);
    last = await writes.register(id);
  }
  for (let i = 0; i < options.commands; i++) {
    const r = rnd();
    const user = pick(users);
    if (r < 0.12 || photos.length === 0) {
      const photo = { id: ids.on(shardOf(BigInt(user))), owner: user };
      photos.push(photo);
      last = await writes.post(photo.id, user, {
        location:
          rnd() < 0.5 ? { lat: rnd() * 90, lng: rnd() * 180, placeName: 'Lisbon' } : undefined,
      });
    } else if (r < 0.45) {
      // Mostly the newest few photos: the same like toggles often, across batch boundaries.
      const photo = rnd() < 0.7 ? pick(photos.slice(-4)) : pick(photos);
      const key = `${photo.id}:${user}`;
      if (likes.has(key)) {
        last = await writes.unlike(photo.id, user, photo.owner);
        // Half the time a change of mind: liked again at once (often in the same batch).
        if (rnd() < 0.5) last = await writes.like(photo.id, user, photo.owner);
        else likes.delete(key);
      } else {
        likes.add(key);
        last = await writes.like(photo.id, user, photo.owner);
      }
    } else if (r < 0.8) {
      const followee = pick(users);
      if (followee === user) continue;
      const key = `${user}:${followee}`;
      if (follows.has(key)) {
        last = await writes.unfollow(user, followee);
        if (rnd() < 0.5) last = await writes.follow(user, followee);
        else follows.delete(key);
      } else {
        follows.add(key);
        last = await writes.follow(user, followee);
      }
    } else if (r < 0.88) {
      last = await writes.updateProfile(
        user,
        rnd() < 0.5 ? { bio: `bio ${i}` } : { displayName: `D${i}` },
      );
    } else if (r < 0.95) {
      const index = Math.floor(rnd() * photos.length);
      const [photo] = photos.splice(index, 1);
      deleted.push(photo);
      for (const key of [...likes]) if (key.startsWith(`${photo.id}:`)) likes.delete(key);
      last = await writes.deletePhoto(photo.id, photo.owner);
    } else if (deleted.length > 0) {
      // The like that read the photo before its deletion and was appended after it.
      const photo = pick(deleted);
      last = await writes.like(photo.id, user, photo.owner);
    }
  }
  return last;
}

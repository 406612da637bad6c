import {
  deleted,
  followed,
  posted,
  registered,
  unfollowed,
  type FeedTestEvent,
} from './feed-events';

export interface RandomLogShape {
  /** Ids of the users, the first `popular` of them followed far more often than the rest. */
  users: string[];
  popular: number;
  /** Photo id for n = 0, 1, 2...: increasing in n. */
  photo: (n: number) => string;
  length: number;
}

/**
 * A log as the write side could produce it: users register before they act, no one follows
 * themselves or twice, only followed users are unfollowed, only live photos are deleted by their
 * owner. Photo ids are taken a little out of order (as concurrent api processes would), so log
 * order is not id order.
 */
export function randomFeedLog(random: () => number, shape: RandomLogShape): FeedTestEvent[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const events: FeedTestEvent[] = [];
  const registeredUsers = new Set<string>();
  const following = new Map<string, Set<string>>(shape.users.map((u) => [u, new Set()]));
  const live: { photoId: string; ownerId: string }[] = [];
  const idWindow: string[] = [];
  let nextPhoto = 0;

  const ensureRegistered = (u: string) => {
    if (registeredUsers.has(u)) return;
    registeredUsers.add(u);
    events.push(registered(u));
  };
  const someone = () => pick(shape.users);
  const followee = () => (random() < 0.6 ? pick(shape.users.slice(0, shape.popular)) : someone());

  while (events.length < shape.length) {
    const roll = random();
    if (roll < 0.4) {
      const ownerId = random() < 0.3 ? pick(shape.users.slice(0, shape.popular)) : someone();
      ensureRegistered(ownerId);
      while (idWindow.length < 3) idWindow.push(shape.photo(nextPhoto++));
      const photoId = idWindow.splice(Math.floor(random() * idWindow.length), 1)[0];
      live.push({ photoId, ownerId });
      events.push(posted(photoId, ownerId));
    } else if (roll < 0.5) {
      if (live.length === 0) continue;
      const [photo] = live.splice(Math.floor(random() * live.length), 1);
      events.push(deleted(photo.photoId, photo.ownerId));
    } else {
      const u = someone();
      const v = followee();
      if (u === v) continue;
      ensureRegistered(u);
      ensureRegistered(v);
      const set = following.get(u)!;
      if (set.has(v)) {
        // Unfollow a little less often than follow, so follower counts drift up and down.
        if (random() < 0.7) continue;
        set.delete(v);
        events.push(unfollowed(u, v));
      } else {
        set.add(v);
        events.push(followed(u, v));
      }
    }
  }
  return events;
}

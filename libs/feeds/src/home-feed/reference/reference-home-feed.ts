import type { FeedEntry } from '../keys';

/** The events the definition depends on, as the write side records them (ids as decimal strings). */
export type HomeFeedSourceEvent =
  | { type: 'UserRegistered'; data: { userId: string } }
  | { type: 'PhotoPosted'; data: { photoId: string; ownerId: string } }
  | { type: 'PhotoDeleted'; data: { photoId: string; ownerId: string } }
  | { type: 'Followed'; data: { followerId: string; followeeId: string } }
  | { type: 'Unfollowed'; data: { followerId: string; followeeId: string } };

/**
 * The home feed straight from its definition, as plain code with no Redis, to check the real one
 * against: the newest `capacity` photos, not deleted, of the people the user follows now plus
 * the user's own, each author contributing at most their newest `perAuthor`. Newest = highest id.
 * Fold events in log order with `apply`, ask `feed(userId)` at any point.
 */
export class ReferenceHomeFeed {
  private readonly following = new Map<string, Set<string>>();
  /** Author → photo ids not deleted. */
  private readonly photos = new Map<string, Set<bigint>>();

  constructor(private readonly definition: { capacity: number; perAuthor: number }) {}

  apply(event: HomeFeedSourceEvent | { type: string; data: unknown }): this {
    const e = event as HomeFeedSourceEvent;
    switch (e.type) {
      case 'PhotoPosted':
        setOf(this.photos, e.data.ownerId).add(BigInt(e.data.photoId));
        break;
      case 'PhotoDeleted':
        this.photos.get(e.data.ownerId)?.delete(BigInt(e.data.photoId));
        break;
      case 'Followed':
        setOf(this.following, e.data.followerId).add(e.data.followeeId);
        break;
      case 'Unfollowed':
        this.following.get(e.data.followerId)?.delete(e.data.followeeId);
        break;
    }
    return this;
  }

  feed(userId: string): FeedEntry[] {
    const authors = new Set(this.following.get(userId) ?? []);
    authors.add(userId);
    const candidates: { id: bigint; authorId: string }[] = [];
    for (const authorId of authors) {
      const newest = [...(this.photos.get(authorId) ?? [])]
        .sort(descending)
        .slice(0, this.definition.perAuthor);
      for (const id of newest) candidates.push({ id, authorId });
    }
    return candidates
      .sort((a, b) => descending(a.id, b.id))
      .slice(0, this.definition.capacity)
      .map(({ id, authorId }) => ({ photoId: id.toString(), authorId }));
  }
}

function descending(a: bigint, b: bigint): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

function setOf<T>(map: Map<string, Set<T>>, key: string): Set<T> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

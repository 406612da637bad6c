import type { DomainEvent } from '../shared/event';

// Stream like-<photoId>-<userId>. photoOwnerId is carried so that projections (activity feed,
// push) never have to read another projection to learn whom to tell.

export type Liked = DomainEvent<
  'Liked',
  { photoId: string; userId: string; photoOwnerId: string; likedAt: string }
>;

export type Unliked = DomainEvent<
  'Unliked',
  { photoId: string; userId: string; photoOwnerId: string }
>;

export type LikeEvent = Liked | Unliked;

export const LIKE_EVENT_TYPES = {
  Liked: true,
  Unliked: true,
} as const satisfies Record<LikeEvent['type'], true>;

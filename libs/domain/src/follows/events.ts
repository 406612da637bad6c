import type { DomainEvent } from '../shared/event';

// Stream follow-<followerId>-<followeeId>.

export type Followed = DomainEvent<
  'Followed',
  { followerId: string; followeeId: string; followedAt: string }
>;

export type Unfollowed = DomainEvent<'Unfollowed', { followerId: string; followeeId: string }>;

export type FollowEvent = Followed | Unfollowed;

export const FOLLOW_EVENT_TYPES = {
  Followed: true,
  Unfollowed: true,
} as const satisfies Record<FollowEvent['type'], true>;

import type { Followed, Liked, PhotoDeleted, Unfollowed, Unliked } from '@photofeed/domain';
import type { RecordedEvent } from '@photofeed/event-store';
import { formatId, parseId } from '@photofeed/ids';
import { FOLLOW_GROUPS, followGroupId, likeGroupId, likeGroupsOf } from '../groups';

/**
 * What one event does to the activity feed, as plain data: the projection turns each op into one
 * script call. Pure, so the mapping from events to groups is unit-tested without Redis.
 */
export type ActivityOp =
  /** `actorId` acted on `userId` at `atMs`: into group `groupId`. */
  | { op: 'add'; userId: string; groupId: string; actorId: string; atMs: number }
  /** `actorId` took it back: out of every group of `userId` whose id starts with `groupsPrefix`. */
  | { op: 'remove-actor'; userId: string; groupsPrefix: string; actorId: string }
  /** Every group of `userId` whose id starts with `groupsPrefix` disappears. */
  | { op: 'remove-groups'; userId: string; groupsPrefix: string };

export const ACTIVITY_EVENT_TYPES = [
  'Liked',
  'Unliked',
  'Followed',
  'Unfollowed',
  'PhotoDeleted',
] as const;

/** The ops of one event; none for events that tell nobody anything (liking your own photo). */
export function activityOps(event: RecordedEvent): ActivityOp[] {
  switch (event.type) {
    case 'Liked': {
      const data = event.data as Liked['data'];
      const [photoId, actorId, userId] = ids(data.photoId, data.userId, data.photoOwnerId);
      if (actorId === userId) return [];
      const atMs = timeOf(data.likedAt, 'likedAt');
      return [{ op: 'add', userId, groupId: likeGroupId(photoId, atMs), actorId, atMs }];
    }
    case 'Unliked': {
      const data = event.data as Unliked['data'];
      const [photoId, actorId, userId] = ids(data.photoId, data.userId, data.photoOwnerId);
      if (actorId === userId) return [];
      return [{ op: 'remove-actor', userId, groupsPrefix: likeGroupsOf(photoId), actorId }];
    }
    case 'Followed': {
      const data = event.data as Followed['data'];
      const [actorId, userId] = ids(data.followerId, data.followeeId);
      if (actorId === userId) return [];
      const atMs = timeOf(data.followedAt, 'followedAt');
      return [{ op: 'add', userId, groupId: followGroupId(atMs), actorId, atMs }];
    }
    case 'Unfollowed': {
      const data = event.data as Unfollowed['data'];
      const [actorId, userId] = ids(data.followerId, data.followeeId);
      if (actorId === userId) return [];
      return [{ op: 'remove-actor', userId, groupsPrefix: FOLLOW_GROUPS, actorId }];
    }
    case 'PhotoDeleted': {
      const data = event.data as PhotoDeleted['data'];
      const [photoId, userId] = ids(data.photoId, data.ownerId);
      return [{ op: 'remove-groups', userId, groupsPrefix: likeGroupsOf(photoId) }];
    }
    default:
      return [];
  }
}

/** Canonical decimal ids (a malformed one throws: the runner parks the event). */
function ids(...values: string[]): string[] {
  return values.map(canonicalId);
}

/** Up to 18 digits without a leading zero is always a canonical id below 2^63: no BigInt needed. */
const SURELY_CANONICAL = /^[1-9][0-9]{0,17}$/;

function canonicalId(value: string): string {
  return typeof value === 'string' && SURELY_CANONICAL.test(value)
    ? value
    : formatId(parseId(value));
}

/** The event's own time: in the log, so a rebuild puts it in the same group. */
function timeOf(iso: string, field: string): number {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`${field} is not a time: ${String(iso)}`);
  return ms;
}

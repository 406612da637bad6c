import type { RecordedEvent } from '@photofeed/event-store';
import type {
  Followed,
  Liked,
  PhotoDeleted,
  PhotoPosted,
  ProfileUpdated,
  Unfollowed,
  Unliked,
  UserRegistered,
} from '@photofeed/domain';
import { shardOf } from '@photofeed/ids';

/** The events the shard read models are built from; the projection's filter. */
export const READ_MODEL_EVENT_TYPES = [
  'UserRegistered',
  'ProfileUpdated',
  'PhotoPosted',
  'PhotoDeleted',
  'Liked',
  'Unliked',
  'Followed',
  'Unfollowed',
] as const;

/** The three relation tables: a row that comes and goes, keyed (owner, other). */
export type Relation = 'likes' | 'followers' | 'following';

/**
 * One piece of an event, with the logical shard it lands on. Ids stay decimal strings, as in the
 * event data. A Followed event is two changes: one on the followee's shard, one on the follower's.
 */
export type Change =
  | {
      kind: 'user-registered';
      userId: string;
      username: string;
      displayName: string;
      at: string;
    }
  | { kind: 'profile-updated'; userId: string; displayName?: string; bio?: string; at: string }
  | { kind: 'photo-posted'; photo: PhotoPosted['data'] }
  | { kind: 'photo-deleted'; photoId: string; ownerId: string }
  | {
      kind: 'relation';
      relation: Relation;
      /** The row's shard key: photo (likes), followee (followers), follower (following). */
      owner: string;
      other: string;
      /** True: the row should exist (Liked, Followed); false: it should not. */
      present: boolean;
      at: string;
      /** The event's global position, decimal: the list's newest-first order. */
      position: string;
    };

export interface ShardedChange {
  shard: number;
  change: Change;
}

type ReadModelEvent =
  | UserRegistered
  | ProfileUpdated
  | PhotoPosted
  | PhotoDeleted
  | Liked
  | Unliked
  | Followed
  | Unfollowed;

const shard = (id: string): number => shardOf(BigInt(id));

/** Where each part of an event lands. Events of other types give nothing. */
export function routeEvent(event: RecordedEvent): ShardedChange[] {
  const e = { type: event.type, data: event.data } as ReadModelEvent;
  const position = event.globalPosition.toString();
  switch (e.type) {
    case 'UserRegistered': {
      const { userId, username, displayName, registeredAt } = e.data;
      return [
        {
          shard: shard(userId),
          change: { kind: 'user-registered', userId, username, displayName, at: registeredAt },
        },
      ];
    }
    case 'ProfileUpdated': {
      const { userId, displayName, bio } = e.data;
      const at = event.recordedAt.toISOString();
      return [
        { shard: shard(userId), change: { kind: 'profile-updated', userId, displayName, bio, at } },
      ];
    }
    case 'PhotoPosted':
      return [{ shard: shard(e.data.photoId), change: { kind: 'photo-posted', photo: e.data } }];
    case 'PhotoDeleted': {
      const { photoId, ownerId } = e.data;
      return [{ shard: shard(photoId), change: { kind: 'photo-deleted', photoId, ownerId } }];
    }
    case 'Liked':
    case 'Unliked': {
      const { photoId, userId } = e.data;
      const present = e.type === 'Liked';
      const at = e.type === 'Liked' ? e.data.likedAt : '';
      return [
        {
          shard: shard(photoId),
          change: {
            kind: 'relation',
            relation: 'likes',
            owner: photoId,
            other: userId,
            present,
            at,
            position,
          },
        },
      ];
    }
    case 'Followed':
    case 'Unfollowed': {
      const { followerId, followeeId } = e.data;
      const present = e.type === 'Followed';
      const at = e.type === 'Followed' ? e.data.followedAt : '';
      const side = (relation: Relation, owner: string, other: string): ShardedChange => ({
        shard: shard(owner),
        change: { kind: 'relation', relation, owner, other, present, at, position },
      });
      return [side('followers', followeeId, followerId), side('following', followerId, followeeId)];
    }
    default:
      return [];
  }
}

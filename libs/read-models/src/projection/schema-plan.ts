import type { RecordedEvent } from '@photofeed/event-store';
import type { PhotoPosted } from '@photofeed/domain';
import type { ShardMap } from '@photofeed/shards';
import { routeEvent, type Change, type Relation } from './changes';

/**
 * What a batch does to one shard schema, folded so that each row is touched by one set-based
 * statement at most, with the same end state as applying the events one by one.
 */
export interface SchemaPlan {
  /** Registered in this batch, with the batch's later profile changes already applied. */
  newUsers: NewUser[];
  /** Profile changes of users registered before this batch (last value per field wins). */
  profileChanges: ProfileChange[];
  /** Posted in this batch and not deleted in it. */
  newPhotos: PhotoPosted['data'][];
  deletedPhotos: { photoId: string; ownerId: string }[];
  likes: RelationOp[];
  followers: RelationOp[];
  following: RelationOp[];
}

export interface NewUser {
  userId: string;
  username: string;
  displayName: string;
  bio: string;
  at: string;
}

export interface ProfileChange {
  userId: string;
  displayName?: string;
  bio?: string;
  at: string;
}

/**
 * The net effect of a batch's Liked/Unliked (or Followed/Unfollowed) events on one row:
 * - `insert`: only "present" events: insert unless the row exists (then it stays as it is);
 * - `replace`: "absent" then "present": whatever was there is replaced by the new row;
 * - `delete`: the last event says absent.
 * `at`/`position` are those of the first "present" event after the last "absent" one.
 */
export interface RelationOp {
  owner: string;
  other: string;
  op: 'insert' | 'replace' | 'delete';
  at: string;
  position: string;
}

interface RelationFold {
  sawAbsent: boolean;
  standing: { at: string; position: string } | null;
}

class SchemaFold {
  private readonly users = new Map<string, { registered?: NewUser; change?: ProfileChange }>();
  private readonly photos = new Map<string, PhotoPosted['data']>();
  private readonly deleted = new Map<string, string>();
  private readonly relations: Record<
    Relation,
    Map<string, RelationFold & { owner: string; other: string }>
  > = {
    likes: new Map(),
    followers: new Map(),
    following: new Map(),
  };

  apply(change: Change): void {
    switch (change.kind) {
      case 'user-registered': {
        const { userId, username, displayName, at } = change;
        // A profile change before the registration would have found no row: dropped.
        this.users.set(userId, { registered: { userId, username, displayName, bio: '', at } });
        return;
      }
      case 'profile-updated': {
        const { userId, at } = change;
        const fields = {
          ...(change.displayName !== undefined && { displayName: change.displayName }),
          ...(change.bio !== undefined && { bio: change.bio }),
        };
        const entry = this.users.get(userId) ?? {};
        if (entry.registered) entry.registered = { ...entry.registered, ...fields, at };
        else entry.change = { ...entry.change, userId, ...fields, at };
        this.users.set(userId, entry);
        return;
      }
      case 'photo-posted':
        // A photo id is never posted again once deleted (its stream exists): ignore if it were.
        if (!this.deleted.has(change.photo.photoId))
          this.photos.set(change.photo.photoId, change.photo);
        return;
      case 'photo-deleted':
        // Posted and deleted in one batch: never inserted. Its likes go with it, so any like op
        // on it (before or after the deletion: a like can race a delete) is dropped in `plan()`.
        this.photos.delete(change.photoId);
        this.deleted.set(change.photoId, change.ownerId);
        return;
      case 'relation': {
        const rows = this.relations[change.relation];
        const key = `${change.owner}:${change.other}`;
        let fold = rows.get(key);
        if (!fold) {
          fold = { owner: change.owner, other: change.other, sawAbsent: false, standing: null };
          rows.set(key, fold);
        }
        if (!change.present) {
          fold.sawAbsent = true;
          fold.standing = null;
        } else if (!fold.standing) {
          fold.standing = { at: change.at, position: change.position };
        }
        return;
      }
    }
  }

  plan(): SchemaPlan {
    const newUsers: NewUser[] = [];
    const profileChanges: ProfileChange[] = [];
    for (const { registered, change } of this.users.values()) {
      if (registered) newUsers.push(registered);
      else if (change) profileChanges.push(change);
    }
    const likes = relationOps(this.relations.likes).filter((op) => !this.deleted.has(op.owner));
    return {
      newUsers,
      profileChanges,
      newPhotos: [...this.photos.values()],
      deletedPhotos: [...this.deleted].map(([photoId, ownerId]) => ({ photoId, ownerId })),
      likes,
      followers: relationOps(this.relations.followers),
      following: relationOps(this.relations.following),
    };
  }
}

function relationOps(
  folds: Map<string, RelationFold & { owner: string; other: string }>,
): RelationOp[] {
  return [...folds.values()].map(({ owner, other, sawAbsent, standing }) =>
    standing
      ? { owner, other, op: sawAbsent ? 'replace' : 'insert', ...standing }
      : { owner, other, op: 'delete', at: '', position: '' },
  );
}

/**
 * The batch's changes that land on `databaseIndex`'s shards, per schema (in first-seen order).
 * Schemas with nothing to do are absent.
 */
export function planDatabaseBatch(
  events: readonly RecordedEvent[],
  map: ShardMap,
  databaseIndex: number,
): Map<string, SchemaPlan> {
  const folds = new Map<string, SchemaFold>();
  for (const event of events)
    for (const { shard, change } of routeEvent(event)) {
      if (map.databaseFor(shard) !== databaseIndex) continue;
      const schema = map.schemaFor(shard);
      let fold = folds.get(schema);
      if (!fold) folds.set(schema, (fold = new SchemaFold()));
      fold.apply(change);
    }
  return new Map([...folds].map(([schema, fold]) => [schema, fold.plan()]));
}

/** The documents whose rows a plan changes: to refresh (users, photos) or drop (deleted photos). */
export function touchedDocuments(plan: SchemaPlan): {
  userIds: string[];
  photoIds: string[];
  deletedPhotoIds: string[];
} {
  const users = new Set<string>([
    ...plan.newUsers.map((u) => u.userId),
    ...plan.profileChanges.map((u) => u.userId),
    ...plan.newPhotos.map((p) => p.ownerId),
    ...plan.deletedPhotos.map((p) => p.ownerId),
    ...plan.followers.map((op) => op.owner),
    ...plan.following.map((op) => op.owner),
  ]);
  const photos = new Set<string>([
    ...plan.newPhotos.map((p) => p.photoId),
    ...plan.likes.map((op) => op.owner),
  ]);
  return {
    userIds: [...users],
    photoIds: [...photos],
    deletedPhotoIds: plan.deletedPhotos.map((p) => p.photoId),
  };
}

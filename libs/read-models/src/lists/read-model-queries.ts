import { decodeBigIntCursor, encodeBigIntCursor, type Page } from '@photofeed/pagination';
import { quoteIdent } from '@photofeed/postgres';
import type { ShardRouter } from '@photofeed/shards';

export interface PageRequest {
  /** 1..100: the api decides its own maximum within that. */
  limit: number;
  /** From the previous page's `nextCursor`; absent for the first page. */
  cursor?: string;
}

export const MAX_PAGE_SIZE = 100;

/**
 * A list of ids under one key, newest first, read with a keyset: `sort < cursor ORDER BY sort DESC`
 * on an index of (key, sort DESC). The cursor is the last item's sort value, so an item inserted
 * or removed between pages neither shifts nor repeats the rest.
 */
interface ListShape {
  /** The cursor kind: a cursor of one list is refused by another. */
  kind: string;
  table: string;
  key: string;
  item: string;
  /** Unique within a key: photo_id, or the event's global position. */
  sort: string;
}

const USER_PHOTOS: ListShape = {
  kind: 'user-photos',
  table: 'photos',
  key: 'owner_id',
  item: 'photo_id',
  sort: 'photo_id',
};
const PHOTO_LIKERS: ListShape = {
  kind: 'photo-likers',
  table: 'photo_likes',
  key: 'photo_id',
  item: 'user_id',
  sort: 'position',
};
const FOLLOWERS: ListShape = {
  kind: 'followers',
  table: 'followers',
  key: 'user_id',
  item: 'follower_id',
  sort: 'position',
};
const FOLLOWING: ListShape = {
  kind: 'following',
  table: 'following',
  key: 'user_id',
  item: 'followee_id',
  sort: 'position',
};

/** The relation lists, each one query on the one shard its key names. Items are id strings. */
export class ReadModelQueries {
  constructor(private readonly shards: ShardRouter) {}

  /** A user's photos, newest first. */
  userPhotos(ownerId: bigint, page: PageRequest): Promise<Page<string>> {
    return this.list(USER_PHOTOS, ownerId, page);
  }

  /** Who liked a photo, most recent like first. */
  photoLikers(photoId: bigint, page: PageRequest): Promise<Page<string>> {
    return this.list(PHOTO_LIKERS, photoId, page);
  }

  /** Who follows a user, most recent first. */
  followers(userId: bigint, page: PageRequest): Promise<Page<string>> {
    return this.list(FOLLOWERS, userId, page);
  }

  /** Whom a user follows, most recent first. */
  following(userId: bigint, page: PageRequest): Promise<Page<string>> {
    return this.list(FOLLOWING, userId, page);
  }

  private async list(shape: ListShape, key: bigint, page: PageRequest): Promise<Page<string>> {
    const { limit } = page;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
      throw new RangeError(`limit must be an integer in 1..${MAX_PAGE_SIZE}, got ${limit}`);
    const after = page.cursor === undefined ? null : decodeBigIntCursor(shape.kind, page.cursor);
    const { pool, schema } = this.shards.forId(key);
    const { table, item, sort } = shape;
    const values: unknown[] = [key.toString(), limit + 1];
    let below = '';
    if (after !== null) below = `AND ${sort} < $${values.push(after.toString())}`;
    // One row more than asked: whether it exists says if there is a next page.
    const { rows } = await pool.query<{ item: string; sort: string }>(
      `SELECT ${item}::text AS item, ${sort}::text AS sort FROM ${quoteIdent(schema)}.${table}
        WHERE ${shape.key} = $1 ${below} ORDER BY ${sort} DESC LIMIT $2`,
      values,
    );
    const items = rows.slice(0, limit);
    const more = rows.length > limit;
    return {
      items: items.map((r) => r.item),
      nextCursor: more
        ? encodeBigIntCursor(shape.kind, BigInt(items[items.length - 1].sort))
        : null,
    };
  }
}

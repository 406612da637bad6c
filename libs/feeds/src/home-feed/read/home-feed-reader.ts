import type { Page } from '@photofeed/pagination';
import type { Redis } from 'ioredis';
import { decodeMember, HomeFeedKeys, type FeedEntry } from '../keys';
import {
  resolveHomeFeedOptions,
  type HomeFeedOptions,
  type ResolvedHomeFeedOptions,
} from '../options';
import { cursorBound, decodeHomeFeedCursor, encodeHomeFeedCursor } from './cursor';
import { mergeNewest } from './merge';
import { readHomeFeed } from './read-script';

/** Why a read rebuilt the stored feed: it was not trusted, or it ran out above its floor. */
export type RebuildReason = 'untrusted' | 'floor';

export interface HomeFeedReaderOptions extends HomeFeedOptions {
  /** Called when a read rebuilt the reader's stored feed (metrics, tests). */
  onRebuild?: (userId: string, reason: RebuildReason) => void;
}

export interface HomeFeedPageRequest {
  limit: number;
  cursor?: string;
}

/**
 * Reads a user's home feed, newest first, a page per round trip: the stored feed (rebuilt when
 * not trusted), checked entry by entry, merged with the recent photos of the celebrities followed.
 */
export class HomeFeedReader {
  private readonly options: ResolvedHomeFeedOptions;
  private readonly keys: HomeFeedKeys;
  private readonly onRebuild?: HomeFeedReaderOptions['onRebuild'];

  constructor(
    private readonly redis: Redis,
    options: HomeFeedReaderOptions,
  ) {
    this.options = resolveHomeFeedOptions(options);
    this.keys = new HomeFeedKeys(this.options.keyPrefix, this.options.stateKeyPrefix);
    this.onRebuild = options.onRebuild;
  }

  /** Throws InvalidCursorError for a cursor this feed did not hand out. */
  async read(userId: bigint, page: HomeFeedPageRequest): Promise<Page<FeedEntry>> {
    if (!Number.isSafeInteger(page.limit) || page.limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${page.limit}`);
    const position = page.cursor === undefined ? undefined : decodeHomeFeedCursor(page.cursor);
    const served = position?.served ?? 0;
    const want = Math.min(page.limit, this.options.capacity - served);
    if (want <= 0) return { items: [], nextCursor: null };

    const user = userId.toString();
    const { keys, options } = this;
    // One more than the page, to know whether another page follows.
    const [reason, stored, celebrities] = (await readHomeFeed.run(
      this.redis,
      [keys.feed(user), keys.floor(user), keys.following(user), keys.celebrities, keys.lastRead],
      [
        user,
        options.now(),
        cursorBound(position),
        want + 1,
        options.perAuthor,
        options.capacity,
        options.trimSlack,
        keys.postsPrefix,
      ],
    )) as [RebuildReason | '', string[], string[]];
    if (reason) this.onRebuild?.(user, reason);

    const merged = mergeNewest([stored, celebrities], want + 1);
    const items = merged.slice(0, want).map(decodeMember);
    const last = items.at(-1);
    const more = merged.length > want && served + want < options.capacity;
    return {
      items,
      nextCursor:
        more && last
          ? encodeHomeFeedCursor({ photoId: BigInt(last.photoId), served: served + want })
          : null,
    };
  }
}

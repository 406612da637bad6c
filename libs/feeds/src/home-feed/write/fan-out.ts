import type { Redis } from 'ioredis';
import type { HomeFeedKeys } from '../keys';
import type { ResolvedHomeFeedOptions } from '../options';
import { fanOutChunk } from './scripts';

export interface FanOutChange {
  /** Members to add to each active follower's feed (and the author's own). */
  add: readonly string[];
  /** Members to remove from it. */
  remove: readonly string[];
}

/**
 * Applies one change to the stored feeds of an author's followers and the author, a chunk of
 * followers per round trip (SSCAN inside the script: the follower ids never leave Redis). The
 * caller has already recorded the change in the author's own list: see `fanOutChunk` for why.
 */
export async function fanOut(
  redis: Redis,
  keys: HomeFeedKeys,
  options: ResolvedHomeFeedOptions,
  authorId: string,
  change: FanOutChange,
): Promise<void> {
  if (change.add.length === 0 && change.remove.length === 0) return;
  const activeSince = options.now() - options.inactiveAfterMs;
  const tail = [
    options.capacity,
    options.trimSlack,
    change.add.length,
    ...change.add,
    ...change.remove,
  ];
  let cursor = '0';
  let first = true;
  do {
    const [next, targets, written] = (await fanOutChunk.run(
      redis,
      [keys.followers(authorId), keys.lastRead],
      [
        keys.feedPrefix,
        keys.floorPrefix,
        authorId,
        cursor,
        options.fanOutChunk,
        first ? '1' : '0',
        activeSince,
        ...tail,
      ],
    )) as [string, number, number];
    first = false;
    cursor = next;
    options.onFanOutChunk?.({ authorId, targets, written });
  } while (cursor !== '0');
}

import { formatId } from '@photofeed/ids';
import type { Page } from '@photofeed/pagination';
import type Redis from 'ioredis';
import { type ActivityGroup, parseGroupId } from '../groups';
import { actorsKey, groupIndexKey, seenKey } from '../keys';
import { execScripts, LuaScript } from '../lua';
import {
  decodeActivityCursor,
  encodeActivityCursor,
  type FeedPosition,
  groupsAfter,
  toPositions,
  type WithScoresReply,
} from './activity-cursor';

export interface ActivityReaderOptions {
  /** The projection's keyPrefix (the version being served). */
  keyPrefix: string;
  /** Where last-seen marks live: not versioned, so they outlive a rebuild. */
  stateKeyPrefix: string;
}

export type ActivityPage = Page<ActivityGroup> & {
  /** Groups with activity newer than the user's last markSeen. */
  unread: number;
};

const SHOWN_ACTORS = 3;
const MAX_LIMIT = 1000;

/** KEYS: index, seen. Raises `seen` to the newest group's time; never lowers it. */
const MARK_SEEN = new LuaScript(`
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if #newest == 0 then return 0 end
local seen = redis.call('GET', KEYS[2])
if not seen or tonumber(newest[2]) > tonumber(seen) then redis.call('SET', KEYS[2], newest[2]) end
return 1
`);

/** Reads a user's activity feed (two round trips per page) and marks it seen. */
export class ActivityReader {
  constructor(
    private readonly redis: Redis,
    private readonly options: ActivityReaderOptions,
  ) {}

  async read(userId: bigint, page: { limit: number; cursor?: string }): Promise<ActivityPage> {
    const { limit } = page;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new RangeError(`limit must be an integer in 1..${MAX_LIMIT}, got ${limit}`);
    const after = page.cursor === undefined ? null : decodeActivityCursor(page.cursor);
    const user = formatId(userId);
    const index = groupIndexKey(this.options.keyPrefix, user);

    // Round trip 1: last seen, and the page's groups (one more, to know whether more follow).
    const first = this.redis.pipeline().get(seenKey(this.options.stateKeyPrefix, user));
    if (after === null) {
      first.zrevrangebyscore(index, '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, limit + 1);
    } else {
      first.zrevrangebyscore(index, after.atMs, after.atMs, 'WITHSCORES');
      first.zrevrangebyscore(index, `(${after.atMs}`, '-inf', 'WITHSCORES', 'LIMIT', 0, limit + 1);
    }
    const [seen, ...ranges] = (await exec(first)) as [string | null, ...WithScoresReply[]];
    const candidates =
      after === null
        ? toPositions(ranges[0])
        : groupsAfter(after, toPositions(ranges[0]), toPositions(ranges[1]));
    const shown = candidates.slice(0, limit);

    // Round trip 2: each group's newest actors and count, and the unread count.
    const second = this.redis.pipeline().zcount(index, seen === null ? '-inf' : `(${seen}`, '+inf');
    for (const { groupId } of shown) {
      const actors = actorsKey(this.options.keyPrefix, user, groupId);
      second.zrevrange(actors, 0, SHOWN_ACTORS - 1).zcard(actors);
    }
    const [unread, ...details] = (await exec(second)) as [number, ...(string[] | number)[]];

    const items: ActivityGroup[] = [];
    shown.forEach((position, i) => {
      const actorIds = details[2 * i] as string[];
      const actorCount = details[2 * i + 1] as number;
      // Gone between the two round trips (unliked, photo deleted, trimmed): leave it out.
      if (actorCount > 0) items.push(toGroup(position, actorIds, actorCount));
    });
    const last = shown.at(-1);
    return {
      items,
      nextCursor: candidates.length > limit && last ? encodeActivityCursor(last) : null,
      unread,
    };
  }

  /** Everything in the feed now counts as seen; later activity (or a group's new actor) is unread. */
  async markSeen(userId: bigint): Promise<void> {
    const user = formatId(userId);
    await execScripts(this.redis, [MARK_SEEN], (pipeline) =>
      pipeline.evalsha(
        MARK_SEEN.sha,
        2,
        groupIndexKey(this.options.keyPrefix, user),
        seenKey(this.options.stateKeyPrefix, user),
      ),
    );
  }
}

function toGroup(position: FeedPosition, actorIds: string[], actorCount: number): ActivityGroup {
  return {
    ...parseGroupId(position.groupId),
    actorIds,
    actorCount,
    latestAt: new Date(position.atMs).toISOString(),
  };
}

async function exec(pipeline: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

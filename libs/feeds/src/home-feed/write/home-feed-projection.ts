import { randomUUID } from 'node:crypto';
import type {
  Followed,
  PhotoDeleted,
  PhotoPosted,
  Unfollowed,
  UserRegistered,
} from '@photofeed/domain';
import type { RecordedEvent } from '@photofeed/event-store';
import type { RedisProjection } from '@photofeed/projections';
import type { Redis } from 'ioredis';
import { encodeMember, HomeFeedKeys } from '../keys';
import {
  resolveHomeFeedOptions,
  type HomeFeedOptions,
  type ResolvedHomeFeedOptions,
} from '../options';
import { runPipeline, type ScriptCall } from './event-pipeline';
import { fanOut } from './fan-out';
import { applyEvents } from './scripts';

export const HOME_FEED_EVENT_TYPES = [
  'UserRegistered',
  'PhotoPosted',
  'PhotoDeleted',
  'Followed',
  'Unfollowed',
] as const;

type HomeFeedEvent = UserRegistered | PhotoPosted | PhotoDeleted | Followed | Unfollowed;

/** Events per script call, and per pipeline (which bounds the replies held, not Redis's work). */
const EVENTS_PER_CALL = 200;
const PIPELINE_EVENTS = 2000;

/**
 * The home feed, fanned out on write. Its own state, all under `keyPrefix`: each author's photos
 * (the newest `perAuthor` are the recent ones), followers and following sets, the celebrity set,
 * and each active reader's stored feed with its floor. The read side (HomeFeedReader) merges in
 * the celebrities' recent photos and rebuilds feeds that are not trusted.
 */
export function homeFeedProjection(redis: Redis, options: HomeFeedOptions): RedisProjection {
  const writer = new HomeFeedWriter(redis, resolveHomeFeedOptions(options));
  return {
    kind: 'redis',
    name: 'home-feed',
    version: 1,
    filter: { eventTypes: HOME_FEED_EVENT_TYPES },
    handle: (events) => writer.apply(events),
  };
}

/** applyEvents' answer (scripts.ts). */
type Reply = ['skip'] | ['done' | 'partial' | 'fan-out', number, number[], (number | string)[]];

/**
 * Applies events in log order, each seeing the state the previous left: runs of events per
 * script call, a batch's calls pipelined (one round trip), each event's fan-out done in its call
 * unless the author has more followers than one chunk. A call that stops early stalls the rest of
 * the pipeline (see scripts.ts): a fan-out it handed back then runs chunk by chunk, and the events
 * after the stop are sent again.
 */
class HomeFeedWriter {
  private readonly keys: HomeFeedKeys;
  /** Set by a call that stopped early, to the token of its pipeline. */
  private readonly stallKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: ResolvedHomeFeedOptions,
  ) {
    this.keys = new HomeFeedKeys(options.keyPrefix, options.stateKeyPrefix);
    this.stallKey = `${options.keyPrefix}fan-out-stall`;
  }

  async apply(events: RecordedEvent[]): Promise<void> {
    let rest = events as (RecordedEvent & HomeFeedEvent)[];
    while (rest.length > 0)
      rest = rest.slice(await this.applyUntilStop(rest.slice(0, PIPELINE_EVENTS)));
  }

  /** Sends `events` as one pipeline; returns how many were applied in full. */
  private async applyUntilStop(events: HomeFeedEvent[]): Promise<number> {
    const token = randomUUID();
    const head = this.callHead(token);
    const calls: ScriptCall[] = [];
    for (let i = 0; i < events.length; i += EVENTS_PER_CALL)
      calls.push({
        script: applyEvents,
        keys: [this.stallKey],
        args: [
          ...head,
          events
            .slice(i, i + EVENTS_PER_CALL)
            .map(eventLine)
            .join(''),
        ],
      });
    const replies = (await runPipeline(this.redis, calls)) as Reply[];
    const stopped = replies.some((r) => r[0] === 'partial' || r[0] === 'fan-out');
    try {
      return await this.finish(events, replies);
    } finally {
      // Whatever happened after the stop (a failing report included), the next pipeline runs.
      if (stopped) await this.redis.del(this.stallKey);
    }
  }

  /** Reports the fan-outs done, does a fan-out handed back; returns the events applied. */
  private async finish(events: HomeFeedEvent[], replies: Reply[]): Promise<number> {
    let applied = 0;
    for (const [c, reply] of replies.entries()) {
      if (reply[0] === 'skip') throw new Error(`home feed: call ${c} skipped without a stop`);
      const [status, n, reports, handedBack] = reply;
      this.report(events, applied, reports);
      applied += n;
      if (status === 'done') continue;
      if (replies.slice(c + 1).some((r) => r[0] !== 'skip'))
        throw new Error('home feed: a call ran after another stopped');
      if (status === 'fan-out') await this.fanOutHandedBack(events[applied - 1], handedBack);
      return applied;
    }
    return applied;
  }

  /** The rest of a fan-out too big for one call, chunk by chunk. */
  private async fanOutHandedBack(event: HomeFeedEvent, handedBack: (number | string)[]) {
    const [adds, ...members] = handedBack as [number, ...string[]];
    await fanOut(this.redis, this.keys, this.options, authorOf(event), {
      add: members.slice(0, adds),
      remove: members.slice(adds),
    });
  }

  /** Fan-outs done in a call: (event number in the call, targets, written) triples. */
  private report(events: HomeFeedEvent[], offset: number, reports: number[]): void {
    const onChunk = this.options.onFanOutChunk;
    if (!onChunk) return;
    for (let i = 0; i < reports.length; i += 3)
      onChunk({
        authorId: authorOf(events[offset + reports[i] - 1]),
        targets: reports[i + 1],
        written: reports[i + 2],
      });
  }

  /** applyEvents' arguments before the events (scripts.ts). */
  private callHead(token: string): (string | number)[] {
    const { keys, options } = this;
    return [
      ...[token, keys.feedPrefix, keys.floorPrefix, keys.postsPrefix],
      ...[keys.followersPrefix, keys.followingPrefix, keys.celebrities, keys.lastRead],
      options.now() - options.inactiveAfterMs,
      ...[options.capacity, options.trimSlack, options.fanOutChunk],
      ...[options.perAuthor, options.celebrityFollowers],
      // A call's budget of feeds written: about one chunk's.
      options.fanOutChunk,
    ];
  }
}

/** An event as a line of applyEvents' argument (scripts.ts). */
function eventLine(event: HomeFeedEvent): string {
  switch (event.type) {
    case 'UserRegistered':
      return `r ${event.data.userId} -\n`;
    case 'PhotoPosted':
    case 'PhotoDeleted': {
      const { photoId, ownerId } = event.data;
      const kind = event.type === 'PhotoPosted' ? 'p' : 'd';
      return `${kind} ${ownerId} ${encodeMember(photoId, ownerId)}\n`;
    }
    case 'Followed':
    case 'Unfollowed': {
      const { followerId, followeeId } = event.data;
      return `${event.type === 'Followed' ? 'f' : 'u'} ${followerId} ${followeeId}\n`;
    }
  }
}

/** Whose followers the event's fan-out goes to. */
function authorOf(event: HomeFeedEvent): string {
  switch (event.type) {
    case 'UserRegistered':
      return event.data.userId;
    case 'PhotoPosted':
    case 'PhotoDeleted':
      return event.data.ownerId;
    case 'Followed':
    case 'Unfollowed':
      return event.data.followeeId;
  }
}

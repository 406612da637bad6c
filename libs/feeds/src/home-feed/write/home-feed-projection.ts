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
import { changeFollow, deletePhoto, postPhoto, registerUser } from './scripts';

export const HOME_FEED_EVENT_TYPES = [
  'UserRegistered',
  'PhotoPosted',
  'PhotoDeleted',
  'Followed',
  'Unfollowed',
] as const;

type HomeFeedEvent = UserRegistered | PhotoPosted | PhotoDeleted | Followed | Unfollowed;

/** Events per pipeline: bounds the replies held at once, not the work (each script is bounded). */
const PIPELINE_EVENTS = 1000;

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

type Reply = ['skip'] | ['done', number, number] | ['fan-out', number, ...string[]];

/**
 * Applies events in log order, each seeing the state the previous left: one script per event,
 * the batch's scripts pipelined (one round trip), each event's fan-out done inside its script
 * unless the author has more followers than one chunk. Such an event stalls the pipeline (see
 * scripts.ts): its fan-out then runs chunk by chunk, and the events after it are sent again.
 */
class HomeFeedWriter {
  private readonly keys: HomeFeedKeys;
  /** Set by a script whose fan-out is too big, to the token of its pipeline. */
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
    while (rest.length > 0) {
      const part = rest.slice(0, PIPELINE_EVENTS);
      const done = await this.applyUntilStall(part);
      rest = rest.slice(done);
    }
  }

  /** Sends `events` as one pipeline; returns how many were applied in full. */
  private async applyUntilStall(events: HomeFeedEvent[]): Promise<number> {
    const token = randomUUID();
    const since = this.options.now() - this.options.inactiveAfterMs;
    const calls = events.map((e) => this.call(e, token, since));
    const replies = (await runPipeline(this.redis, calls)) as Reply[];
    for (const [i, reply] of replies.entries()) {
      const author = this.authorOf(events[i]);
      if (reply[0] === 'done') {
        if (reply[1] >= 0) this.report(author, reply[1], reply[2]);
        continue;
      }
      if (reply[0] === 'skip') throw new Error(`home feed: event ${i} skipped without a stall`);
      if (replies.slice(i + 1).some((r) => r[0] !== 'skip'))
        throw new Error('home feed: an event ran after a stalled fan-out');
      const [, adds, ...members] = reply;
      try {
        await fanOut(this.redis, this.keys, this.options, author, {
          add: members.slice(0, adds),
          remove: members.slice(adds),
        });
      } finally {
        await this.redis.del(this.stallKey);
      }
      return i + 1;
    }
    return events.length;
  }

  private report(authorId: string, targets: number, written: number): void {
    this.options.onFanOutChunk?.({ authorId, targets, written });
  }

  /** Whose followers the event's fan-out goes to. */
  private authorOf(event: HomeFeedEvent): string {
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

  private call(event: HomeFeedEvent, token: string, since: number): ScriptCall {
    const { keys, options } = this;
    if (event.type === 'UserRegistered') {
      const user = event.data.userId;
      return {
        script: registerUser,
        keys: [keys.feed(user), keys.floor(user), this.stallKey],
        args: [token],
      };
    }
    const author = this.authorOf(event);
    // The fan-out settings every other script takes first (scripts.ts, settings()).
    const fanOutKeys = [keys.followers(author), keys.lastRead, this.stallKey];
    const fanOutArgs = [
      ...[token, author, keys.feedPrefix, keys.floorPrefix, since],
      ...[options.capacity, options.trimSlack, options.fanOutChunk],
    ];
    switch (event.type) {
      case 'PhotoPosted':
      case 'PhotoDeleted':
        return {
          script: event.type === 'PhotoPosted' ? postPhoto : deletePhoto,
          keys: [...fanOutKeys, keys.posts(author), keys.celebrities],
          args: [...fanOutArgs, encodeMember(event.data.photoId, author), options.perAuthor],
        };
      case 'Followed':
      case 'Unfollowed': {
        const user = event.data.followerId;
        return {
          script: changeFollow,
          keys: [
            ...fanOutKeys,
            ...[keys.following(user), keys.celebrities, keys.posts(author)],
            ...[keys.feed(user), keys.floor(user)],
          ],
          args: [
            ...fanOutArgs,
            ...[user, event.type === 'Followed' ? '1' : '0'],
            ...[options.celebrityFollowers, options.perAuthor],
          ],
        };
      }
    }
  }
}

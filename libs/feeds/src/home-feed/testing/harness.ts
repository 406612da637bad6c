import { randomUUID } from 'node:crypto';
import type { EventStore, LogPosition } from '@photofeed/event-store';
import type { RedisProjection } from '@photofeed/projections';
import { ProjectionRunner } from '@photofeed/projections';
import { testKeyPrefix } from '@photofeed/testing';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { decodeMember, HomeFeedKeys, type FeedEntry } from '../keys';
import type { HomeFeedOptions } from '../options';
import { HomeFeedReader, type RebuildReason } from '../read/home-feed-reader';
import { homeFeedProjection } from '../write/home-feed-projection';
import { asRecorded, photoId, streamOfFeedEvent, userId, type FeedTestEvent } from './feed-events';
import { connectTestRedis, deleteKeysByPrefix } from './redis';

let harnesses = 0;

export type HarnessOptions = Partial<Omit<HomeFeedOptions, 'keyPrefix' | 'stateKeyPrefix' | 'now'>>;
export type HarnessPrefixes = { keyPrefix: string; stateKeyPrefix: string };

/**
 * One home feed under its own key prefixes, with a clock the test moves, a reader, and a record
 * of every rebuild a read did. Events go straight to handle() unless `throughRunner` is called.
 */
export class FeedHarness {
  readonly keys: HomeFeedKeys;
  readonly clock = { now: 1_000_000_000 };
  readonly rebuilds: { userId: string; reason: RebuildReason }[] = [];
  readonly projection: RedisProjection;
  readonly reader: HomeFeedReader;
  private seq = 1;
  /** Ids of this harness do not meet those of another (suites may share one log). */
  private readonly idBase = ++harnesses * 100_000;
  private runner?: { store: EventStore; runner: ProjectionRunner };

  constructor(
    readonly redis: Redis,
    label: string,
    readonly options: HarnessOptions = {},
    prefixes?: HarnessPrefixes,
  ) {
    const keyPrefix = prefixes?.keyPrefix ?? testKeyPrefix(label);
    const stateKeyPrefix = prefixes?.stateKeyPrefix ?? testKeyPrefix(`${label}-state`);
    this.keys = new HomeFeedKeys(keyPrefix, stateKeyPrefix);
    const all: HomeFeedOptions = {
      ...options,
      keyPrefix,
      stateKeyPrefix,
      now: () => this.clock.now,
    };
    this.projection = homeFeedProjection(redis, all);
    this.reader = new HomeFeedReader(redis, {
      ...all,
      onRebuild: (userId, reason) => this.rebuilds.push({ userId, reason }),
    });
  }

  user(n: number): string {
    return userId(this.idBase + n);
  }

  /** Photo ids increase with n; neighbours share a millisecond (see photoId). */
  photo(n: number): string {
    return photoId(this.idBase + n);
  }

  /** From now on, apply() appends to the log and waits for a ProjectionRunner to project it. */
  async throughRunner(store: EventStore, pool: Pool): Promise<void> {
    const runner = new ProjectionRunner({
      store,
      pool,
      projection: this.projection,
      batchSize: 50,
      retry: { attempts: 2, baseDelayMs: 1 },
      registry: new Registry(),
    });
    await runner.start();
    this.runner = { store, runner };
  }

  async apply(...events: FeedTestEvent[]): Promise<void> {
    if (!this.runner) {
      await this.projection.handle(asRecorded(events, this.seq));
      this.seq += events.length;
      return;
    }
    let last: LogPosition | undefined;
    for (const event of events) {
      const result = await this.runner.store.append(streamOfFeedEvent(event), [
        { id: randomUUID(), type: event.type, data: event.data },
      ]);
      last = result.position;
    }
    if (last) await this.runner.runner.waitFor(last, 15_000);
  }

  /** As if these users had just read their feed (their stored feeds stay as they are). */
  async markActive(...userIds: string[]): Promise<void> {
    for (const id of userIds) await this.redis.zadd(this.keys.lastRead, this.clock.now, id);
  }

  /** The whole feed, page after page of `pageSize`. */
  async readAll(userId: string, pageSize = 3): Promise<FeedEntry[]> {
    const all: FeedEntry[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10_000; pages++) {
      const page = await this.reader.read(BigInt(userId), { limit: pageSize, cursor });
      all.push(...page.items);
      if (page.nextCursor === null) return all;
      cursor = page.nextCursor;
    }
    throw new Error('feed did not end');
  }

  /** The stored (fanned-out) feed as it is in Redis, newest first, without the read-time merge. */
  async stored(userId: string): Promise<FeedEntry[]> {
    const members = await this.redis.zrange(this.keys.feed(userId), '0', '-1', 'REV');
    return members.map(decodeMember);
  }

  rebuildsOf(userId: string): RebuildReason[] {
    return this.rebuilds.filter((r) => r.userId === userId).map((r) => r.reason);
  }

  async close(): Promise<void> {
    await this.runner?.runner.stop();
    await deleteKeysByPrefix(this.redis, this.keys.keyPrefix);
    await deleteKeysByPrefix(this.redis, this.keys.stateKeyPrefix);
  }
}

export const photoIds = (entries: FeedEntry[]): string[] => entries.map((e) => e.photoId);

/**
 * The Redis-only suites' lifecycle: one connection for the file, and every harness `open` made
 * closed (its keys deleted) after each test. Call at the top of a spec file.
 */
export function useFeedHarnesses(defaults: HarnessOptions = {}): {
  readonly redis: Redis;
  open(label: string, options?: HarnessOptions, prefixes?: HarnessPrefixes): FeedHarness;
} {
  let redis: Redis | undefined;
  const open: FeedHarness[] = [];
  beforeAll(() => {
    redis = connectTestRedis();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  afterAll(() => redis?.disconnect());
  return {
    get redis() {
      if (!redis) throw new Error('useFeedHarnesses: Redis is connected in beforeAll');
      return redis;
    },
    open(label, options = {}, prefixes) {
      const h = new FeedHarness(this.redis, label, { ...defaults, ...options }, prefixes);
      open.push(h);
      return h;
    },
  };
}

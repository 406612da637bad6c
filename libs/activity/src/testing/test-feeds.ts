import type { PhotoFeedEvent } from '@photofeed/domain';
import { loadServicesEnv, requireEnv, testKeyPrefix } from '@photofeed/testing';
import Redis from 'ioredis';
import {
  activityProjection,
  type ActivityProjectionOptions,
} from '../projection/activity.projection';
import { ActivityReader } from '../reading/activity-reader';
import { recorded, deleteKeysUnder } from './activity-events';

/**
 * Activity feeds on the real Redis for int tests, each under prefixes of its own, driven through
 * the projection's handler. `close()` deletes every key they wrote.
 */
export class TestFeeds {
  readonly redis: Redis;
  private readonly prefixes: string[] = [];

  constructor() {
    loadServicesEnv();
    this.redis = new Redis(requireEnv('REDIS_URL'));
  }

  feed(label: string, options: Omit<ActivityProjectionOptions, 'keyPrefix'> = {}) {
    const keyPrefix = this.prefix(label);
    const stateKeyPrefix = this.prefix(`${label}-s`);
    const projection = activityProjection(this.redis, { keyPrefix, ...options });
    return {
      keyPrefix,
      stateKeyPrefix,
      projection,
      reader: new ActivityReader(this.redis, { keyPrefix, stateKeyPrefix }),
      apply: (...events: PhotoFeedEvent[]) => projection.handle(events.map(recorded)),
    };
  }

  /** A fresh key prefix, cleaned up by close(). */
  prefix(label: string): string {
    const prefix = testKeyPrefix(label);
    this.prefixes.push(prefix);
    return prefix;
  }

  async close(): Promise<void> {
    for (const prefix of this.prefixes) await deleteKeysUnder(this.redis, prefix);
    this.redis.disconnect();
  }
}

/** Fixtures: one owner, numbered photos and actors, times by the minute on 2026-11-22. */
export const OWNER = 9001n;
export const owner = String(OWNER);
export const at = (minute: number): string =>
  new Date(Date.UTC(2026, 10, 22, 8, minute)).toISOString();
export const photo = (n: number): string => String(5000 + n);
export const actor = (n: number): string => String(100 + n);
export const photoIdsOf = (items: { photoId: string | null }[]): (string | null)[] =>
  items.map((g) => g.photoId);

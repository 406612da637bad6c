import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { requireEnv } from '@photofeed/testing';
import { RedisThrottlerStorage } from './redis-throttler-storage';

let redis: Redis;
beforeAll(() => {
  redis = new Redis(requireEnv('REDIS_URL'));
});
afterAll(async () => {
  await redis.quit();
});

it('counts hits in a window, then blocks for the block duration, by SHA', async () => {
  const storage = new RedisThrottlerStorage(redis);
  const key = `test:throttler:${randomUUID()}`;
  try {
    const first = await storage.increment(key, 60_000, 2, 30_000, 'ip');
    expect(first).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect((await storage.increment(key, 60_000, 2, 30_000, 'ip')).isBlocked).toBe(false);
    const third = await storage.increment(key, 60_000, 2, 30_000, 'ip');
    expect(third).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 30 });
    // Another throttler name is another counter.
    expect((await storage.increment(key, 60_000, 2, 30_000, 'user')).totalHits).toBe(1);
    expect(await redis.pttl(`{${key}:ip}:blocked`)).toBeGreaterThan(29_000);
  } finally {
    await redis.del(
      ...['ip', 'user'].flatMap((n) => [`{${key}:${n}}:hits`, `{${key}:${n}}:blocked`]),
    );
  }
});

import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import { RedisScript } from '../redis/redis-script';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nest-lab/throttler-storage-redis's counters (its own Lua script, keys and answers), run by SHA.
 * The library sends the whole script with EVAL on every call, which Redis then hashes again: two
 * ~900-byte commands per request, one per limit. Here it is EVALSHA, loaded once.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly script = new RedisScript(
    ThrottlerStorageRedisService.prototype.getScriptSrc.call(undefined),
  );

  constructor(private readonly redis: Redis) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const hitKey = `{${key}:${throttlerName}}:hits`;
    const blockKey = `{${key}:${throttlerName}}:blocked`;
    const result = await this.script.run(
      this.redis,
      [hitKey, blockKey],
      [throttlerName, ttl, limit, blockDuration],
    );
    if (!Array.isArray(result) || result.length !== 4 || !result.every(Number.isInteger))
      throw new TypeError(`rate limit script answered ${JSON.stringify(result)}`);
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = result as number[];
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}

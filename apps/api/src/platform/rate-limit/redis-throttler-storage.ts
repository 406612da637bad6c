import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { RedisScript } from '../redis/redis-script';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One counter to increment: ThrottlerStorage.increment's arguments. */
export interface ThrottlerCount {
  key: string;
  /** Window, ms. */
  ttl: number;
  limit: number;
  /** How long a client over the limit stays refused, ms. */
  blockDuration: number;
  throttlerName: string;
}

/**
 * KEYS: hits and blocked key of each counter, in order. ARGV: ttl, limit, blockDuration of each.
 * Per counter, @nest-lab/throttler-storage-redis's algorithm (same keys, same answers): INCR the
 * window's hits, start the window on the first; over the limit, block for blockDuration; a block
 * that ran out resets the window. Stops after the first blocked counter, as the guards stop at the
 * first refusal: a client refused for its IP does not also spend its user budget.
 * Returns {hits, ms to window end, blocked 0/1, ms to block end} per counter counted.
 */
const COUNT = new RedisScript(`
local out = {}
for i = 1, #KEYS / 2 do
  local hit_key, block_key = KEYS[2 * i - 1], KEYS[2 * i]
  local ttl, limit, block = tonumber(ARGV[3 * i - 2]), tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i])
  local hits = redis.call('INCR', hit_key)
  local expire = redis.call('PTTL', hit_key)
  if expire <= 0 then
    redis.call('PEXPIRE', hit_key, ttl)
    expire = ttl
  end
  local blocked = redis.call('GET', block_key)
  local block_expire = 0
  if blocked then
    block_expire = redis.call('PTTL', block_key)
  elseif hits > limit then
    redis.call('SET', block_key, 1, 'PX', block)
    blocked = '1'
    block_expire = block
  end
  if blocked and block_expire <= 0 then
    redis.call('DEL', block_key)
    redis.call('SET', hit_key, 1, 'PX', ttl)
    hits = 1
    expire = ttl
    blocked = false
  end
  out[#out + 1] = hits
  out[#out + 1] = expire
  out[#out + 1] = blocked and 1 or 0
  out[#out + 1] = block_expire
  if blocked then break end
end
return out
`);

/**
 * Rate-limit counters in Redis, by SHA (EVALSHA), several in one round trip (`incrementMany`: a
 * request's per-IP and per-user counts, see rate-limit.guards.ts). Keys and answers are those of
 * @nest-lab/throttler-storage-redis, which sends its whole script with EVAL on every call.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: Redis) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [record] = await this.incrementMany([{ key, ttl, limit, blockDuration, throttlerName }]);
    return record;
  }

  /** The counters in order, up to and including the first that is blocked (the rest untouched). */
  async incrementMany(counts: readonly ThrottlerCount[]): Promise<ThrottlerStorageRecord[]> {
    const keys = counts.flatMap(({ key, throttlerName }) => [
      `{${key}:${throttlerName}}:hits`,
      `{${key}:${throttlerName}}:blocked`,
    ]);
    const args = counts.flatMap((c) => [c.ttl, c.limit, c.blockDuration]);
    const result = await COUNT.run(this.redis, keys, args);
    if (
      !Array.isArray(result) ||
      result.length === 0 ||
      result.length % 4 !== 0 ||
      result.length > counts.length * 4 ||
      !result.every(Number.isInteger)
    )
      throw new TypeError(`rate limit script answered ${JSON.stringify(result)}`);
    const records: ThrottlerStorageRecord[] = [];
    for (let i = 0; i < result.length; i += 4) {
      const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = result.slice(i, i + 4);
      records.push({
        totalHits,
        timeToExpire: Math.ceil(timeToExpire / 1000),
        isBlocked: isBlocked === 1,
        timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
      });
    }
    return records;
  }
}

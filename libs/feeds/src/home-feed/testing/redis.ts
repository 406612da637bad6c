import { requireEnv } from '@photofeed/testing';
import { Redis } from 'ioredis';

export function connectTestRedis(): Redis {
  return new Redis(requireEnv('REDIS_URL'), { maxRetriesPerRequest: 2 });
}

/** SCAN + UNLINK every key under the prefix. */
export async function deleteKeysByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Every key under the prefix with its content, sorted: two views compare with toEqual. */
export async function dumpKeys(
  redis: Redis,
  prefix: string,
  include: (keyWithoutPrefix: string) => boolean,
): Promise<Record<string, string | string[]>> {
  const dump: Record<string, string | string[]> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    for (const key of keys) {
      const name = key.slice(prefix.length);
      if (!include(name)) continue;
      const type = await redis.type(key);
      if (type === 'set') dump[name] = (await redis.smembers(key)).sort();
      else if (type === 'zset') dump[name] = await redis.zrange(key, '0', '-1');
      else if (type === 'string') dump[name] = (await redis.get(key)) ?? '';
      else throw new Error(`unexpected ${type} at ${key}`);
    }
    cursor = next;
  } while (cursor !== '0');
  return Object.fromEntries(Object.entries(dump).sort(([a], [b]) => (a < b ? -1 : 1)));
}

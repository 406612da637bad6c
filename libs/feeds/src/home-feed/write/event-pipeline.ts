import type { Redis } from 'ioredis';
import type { RedisScript } from '../redis-script';
import { applyEvents } from './scripts';

/** One script call to run: the script, its keys and arguments. */
export interface ScriptCall {
  script: RedisScript;
  keys: string[];
  args: (string | number)[];
}

/**
 * Runs calls as one pipeline (one round trip) and returns their replies in order; the first
 * error is thrown. Scripts missing on the server (restart, SCRIPT FLUSH) are loaded: when every
 * call failed that way nothing ran and the pipeline is sent again; when only some did, the batch
 * fails and is applied again from the start (the runner retries it), never out of order.
 */
export async function runPipeline(redis: Redis, calls: readonly ScriptCall[]): Promise<unknown[]> {
  for (let attempt = 1; ; attempt++) {
    const pipeline = redis.pipeline();
    for (const { script, keys, args } of calls)
      pipeline.evalsha(script.sha, keys.length, ...keys, ...args);
    const results = (await pipeline.exec()) ?? [];
    const missing = results.filter(([err]) => err?.message.startsWith('NOSCRIPT')).length;
    if (missing > 0 && attempt === 1) {
      await loadScripts(redis);
      if (missing === results.length) continue;
    }
    return results.map(([err, value]) => {
      if (err) throw err;
      return value;
    });
  }
}

export async function loadScripts(redis: Redis): Promise<void> {
  await redis.script('LOAD', applyEvents.source);
}

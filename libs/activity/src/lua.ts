import { createHash } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import type Redis from 'ioredis';

/** A Lua script, run by its SHA. */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/**
 * Runs a pipeline of EVALSHA calls of `scripts`. When the server lacks them (restart, SCRIPT
 * FLUSH), they are loaded and the whole pipeline runs again: callers only pipeline writes that are
 * idempotent when applied again in order, so that is safe. The first command error is thrown.
 */
export async function execScripts(
  redis: Redis,
  scripts: readonly LuaScript[],
  fill: (pipeline: ChainableCommander) => void,
): Promise<unknown[]> {
  for (let attempt = 1; ; attempt++) {
    const pipeline = redis.pipeline();
    fill(pipeline);
    const results = (await pipeline.exec()) ?? [];
    const missing = results.some(([err]) => err?.message.startsWith('NOSCRIPT'));
    if (missing && attempt === 1) {
      await Promise.all(scripts.map((script) => redis.script('LOAD', script.source)));
      continue;
    }
    return results.map(([err, value]) => {
      if (err) throw err;
      return value;
    });
  }
}

import type { ChainableCommander } from 'ioredis';

/** Runs a pipeline; the first command error is thrown (ioredis reports them per command). */
export async function execOrThrow(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = await pipeline.exec();
  if (results === null) throw new Error('Redis pipeline was discarded');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

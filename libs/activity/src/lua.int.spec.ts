import { randomUUID } from 'node:crypto';
import { loadServicesEnv, requireEnv, testKeyPrefix } from '@photofeed/testing';
import Redis from 'ioredis';
import { execScripts, LuaScript } from './lua';

let redis: Redis;
const prefix = testKeyPrefix('activity-lua');

beforeAll(() => {
  loadServicesEnv();
  redis = new Redis(requireEnv('REDIS_URL'));
});
afterAll(async () => {
  await redis.unlink(`${prefix}a`, `${prefix}b`);
  redis.disconnect();
});

it('loads scripts the server does not know (after a restart or SCRIPT FLUSH) and runs the pipeline', async () => {
  // A source no server has seen: its SHA is unknown, as after a restart.
  const script = new LuaScript(`-- ${randomUUID()}
redis.call('SET', KEYS[1], ARGV[1])
return redis.call('GET', KEYS[1])`);
  expect(await redis.script('EXISTS', script.sha)).toEqual([0]);

  const results = await execScripts(redis, [script], (pipeline) => {
    pipeline.evalsha(script.sha, 1, `${prefix}a`, 'one');
    pipeline.evalsha(script.sha, 1, `${prefix}b`, 'two');
  });
  expect(results).toEqual(['one', 'two']);
  expect(await redis.mget(`${prefix}a`, `${prefix}b`)).toEqual(['one', 'two']);
  expect(await redis.script('EXISTS', script.sha)).toEqual([1]);
});

it('throws the first command error', async () => {
  const failing = new LuaScript(`-- ${randomUUID()}
return redis.error_reply('nope')`);
  await expect(
    execScripts(redis, [failing], (pipeline) => pipeline.evalsha(failing.sha, 0)),
  ).rejects.toThrow('nope');
});

import type { Socket } from 'node:net';
import { requireEnv, testKeyPrefix } from '@photofeed/testing';
import type { Client } from 'memjs';
import { MemcachedProxy } from '../testing/memcached-proxy';
import { createMemcachedClient, MemcachedPipeline, OPCODES } from './memcached-pipeline';

const prefix = testKeyPrefix('pipeline');
const key = (name: string) => `${prefix}${name}`;
const used: string[] = [];
let proxy: MemcachedProxy;
let client: Client;
let pipeline: MemcachedPipeline;

beforeAll(async () => {
  proxy = await MemcachedProxy.start(requireEnv('MEMCACHED_SERVERS').split(',')[0]);
  client = createMemcachedClient(proxy.address);
  pipeline = new MemcachedPipeline(client);
});

afterAll(async () => {
  await pipeline.deleteMany(used);
  client.close();
  await proxy.close();
});

function entries(...pairs: [string, string][]) {
  used.push(...pairs.map(([k]) => key(k)));
  return pairs.map(([k, value]) => ({ key: key(k), value }));
}

it('gets many keys in one pipelined request: quiet gets and one NOOP, hits only', async () => {
  await pipeline.setMany(entries(['a', 'A'], ['b', 'B'], ['c', 'C']), 60);
  const keys = ['a', 'b', 'c', ...Array.from({ length: 40 }, (_, i) => `missing-${i}`)].map(key);
  const before = proxy.opcodes.length;

  const hits = await pipeline.getMany(keys);

  expect(new Map([...hits].map(([k, v]) => [k, v.toString()]))).toEqual(
    new Map([
      [key('a'), 'A'],
      [key('b'), 'B'],
      [key('c'), 'C'],
    ]),
  );
  const sent = proxy.opcodes.slice(before);
  expect(sent).toEqual([...keys.map(() => OPCODES.GETKQ), OPCODES.NOOP]);
});

it('adds only absent keys: never overwrites a value already there', async () => {
  await pipeline.setMany(entries(['fresh', 'new value']), 60);
  const stored = await pipeline.addMany(
    entries(['fresh', 'stale value'], ['absent-1', 'one'], ['absent-2', 'two']),
    60,
  );
  expect(stored).toBe(2);
  const hits = await pipeline.getMany([key('fresh'), key('absent-1'), key('absent-2')]);
  expect([...hits.values()].map(String).sort()).toEqual(['new value', 'one', 'two']);
});

it('sets over existing values and deletes present and absent keys alike', async () => {
  await pipeline.setMany(entries(['x', '1'], ['y', '1']), 60);
  await pipeline.setMany(entries(['x', '2']), 60);
  expect((await pipeline.getMany([key('x')])).get(key('x'))?.toString()).toBe('2');

  await pipeline.deleteMany([key('x'), key('never-set')]);
  const hits = await pipeline.getMany([key('x'), key('y')]);
  expect([...hits.keys()]).toEqual([key('y')]);
});

it('runs concurrent pipelines on one connection without mixing their replies', async () => {
  const pairs = Array.from({ length: 20 }, (_, i): [string, string] => [`c${i}`, `v${i}`]);
  await pipeline.setMany(entries(...pairs), 60);
  const results = await Promise.all(pairs.map(([k]) => pipeline.getMany([key(k), key('nope')])));
  expect(results.map((r) => [...r.values()].map(String))).toEqual(pairs.map(([, v]) => [v]));
});

it('rejects when memcached cannot be reached', async () => {
  const down = createMemcachedClient('127.0.0.1:1');
  try {
    await expect(new MemcachedPipeline(down).getMany([key('a')])).rejects.toThrow();
  } finally {
    down.close();
  }
});

it('sends the pipelines started in one tick in one write', async () => {
  await pipeline.setMany(entries(['t1', 'one'], ['t2', 'two']), 60);
  const socket = (client.servers[0] as unknown as { _socket: Socket })._socket;
  const writes: number[] = [];
  const original = { write: socket._write, writev: socket._writev };
  socket._write = function (this: Socket, ...args: Parameters<Socket['_write']>) {
    writes.push(1);
    return original.write.apply(this, args);
  };
  socket._writev = function (this: Socket, ...args: Parameters<NonNullable<Socket['_writev']>>) {
    writes.push(args[0].length);
    return original.writev!.apply(this, args);
  };
  try {
    const [a, b] = await Promise.all([
      pipeline.getMany([key('t1')]),
      pipeline.getMany([key('t2')]),
    ]);
    expect([a.get(key('t1'))?.toString(), b.get(key('t2'))?.toString()]).toEqual(['one', 'two']);
    // One writev of both pipelines' buffers, not a write each.
    expect(writes).toEqual([2]);
  } finally {
    Object.assign(socket, { _write: original.write, _writev: original.writev });
  }
});

/**
 * npm run bench -- photo-map [--pairs 1000000] [--rate 25] [--users 200000] [--shards 2048]
 *                            [--sample 10000] [--redis-url redis://…]
 *
 * Memory of the photo→owner map (libs/photo-owners): stores `pairs` photo→owner pairs through the
 * projection, measures bytes per pair from the server's used_memory before/after and from MEMORY
 * USAGE summed over the buckets, checks every bucket's encoding, verifies a sample of lookups, and
 * cleans up. Then the naive baseline (one string key per pair) on the same pairs, same run.
 *
 * Workload: `users` accounts, each on a random shard of `shards`, registered over the 180 days
 * before the photos start; photos arrive as a Poisson process at `rate` per second (25/s: early
 * Instagram's "25+ photos a second"; 1M photos ≈ 11 hours), each by an account drawn with a skew
 * (the most active fifth of accounts post ~45% of the photos). A photo takes its owner's shard; ids
 * are composed as the allocator would (sequence > 0 only when a shard's millisecond is taken).
 *
 * used_memory is server-wide: other clients writing at the same time show up in it. MEMORY USAGE
 * counts only our keys. Use --redis-url to point at an otherwise idle server for clean numbers.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { RecordedEvent } from '@photofeed/event-store';
import { composeId, ID_EPOCH } from '@photofeed/ids';
import { PhotoOwnerMap, photoOwnersProjection } from '@photofeed/photo-owners';
import { loadServicesEnv, requireEnv } from '@photofeed/testing';
import Redis from 'ioredis';
import { positiveInt, positiveNumber } from './lib/options';
import { emit, log, now } from './lib/stats';

const DAY_MS = 86_400_000;
const BATCH = 1000;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pairs: { type: 'string', default: '1000000' },
      rate: { type: 'string', default: '25' },
      users: { type: 'string', default: '200000' },
      shards: { type: 'string', default: '2048' },
      sample: { type: 'string', default: '10000' },
      'redis-url': { type: 'string' },
    },
    strict: true,
  });
  const pairs = positiveInt('pairs', values.pairs);
  const rate = positiveNumber('rate', values.rate);
  const sample = Math.min(positiveInt('sample', values.sample), pairs);
  const shards = positiveInt('shards', values.shards);
  if (shards > 8192) throw new Error('--shards: ids have 13 shard bits, at most 8192');
  loadServicesEnv();
  const redis = new Redis(values['redis-url'] ?? requireEnv('REDIS_URL'));
  // As long as production's `photo-owners:v1:` (16 characters): key names are part of the cost.
  const tag = randomBytes(4).toString('hex');
  const mapPrefix = `bpm:${tag}:v1:`;
  const naivePrefix = `bpn:${tag}:v1:`;
  try {
    const [, limit] = (await redis.config('GET', 'hash-max-listpack-entries')) as string[];
    const started = now();
    const workload = generate(pairs, rate, positiveInt('users', values.users), shards);
    log(
      `${pairs} pairs generated in ${(now() - started).toFixed(0)} ms: ${rate} photos/s over ` +
        `${(workload.spanMs / 3_600_000).toFixed(1)} h; server hash-max-listpack-entries ${limit}`,
    );

    const map = await measureMap(redis, mapPrefix, workload.pairs, sample);
    emit({ bench: 'photo-map', phase: 'map', ...map });
    const naive = await measureNaive(redis, naivePrefix, workload.pairs);
    emit({ bench: 'photo-map', phase: 'naive', ...naive });
    emit({
      bench: 'photo-map',
      pairs,
      bytes_per_pair: map.bytes_per_pair,
      bytes_per_pair_memory_usage: map.bytes_per_pair_memory_usage,
      buckets: map.buckets,
      mean_pairs_per_bucket: map.mean_pairs_per_bucket,
      max_pairs_per_bucket: map.max_pairs_per_bucket,
      encoding: map.encoding,
      hash_max_listpack_entries: Number(limit),
      rate_photos_per_s: rate,
      writes_per_s: map.writes_per_s,
      lookups_verified: map.lookups_verified,
      naive_bytes_per_pair: naive.bytes_per_pair,
      naive_bytes_per_pair_memory_usage: naive.bytes_per_pair_memory_usage,
    });
  } finally {
    await unlinkAll(redis, mapPrefix);
    await unlinkAll(redis, naivePrefix);
    redis.disconnect();
  }
}

interface Workload {
  pairs: [photo: bigint, owner: bigint][];
  spanMs: number;
}

function generate(count: number, ratePerS: number, users: number, shards: number): Workload {
  const random = mulberry32(20_260_101);
  const start = Date.parse('2026-11-01T00:00:00Z') - ID_EPOCH.getTime();
  const taken = new Map<number, number>(); // (ms, shard) → next sequence
  const allocate = (ms: number, shard: number): bigint => {
    const slot = ms * 8192 + shard;
    const sequence = taken.get(slot) ?? 0;
    taken.set(slot, sequence + 1);
    return composeId({ ms, shard, sequence });
  };
  const accounts = Array.from({ length: users }, () => {
    const shard = Math.floor(random() * shards);
    return { shard, id: allocate(start - Math.floor(random() * 180 * DAY_MS), shard) };
  });
  const out: Workload['pairs'] = [];
  let t = start;
  for (let i = 0; i < count; i++) {
    t += (-Math.log(1 - random()) * 1000) / ratePerS;
    const owner = accounts[Math.floor(users * random() ** 2)];
    out.push([allocate(Math.floor(t), owner.shard), owner.id]);
  }
  return { pairs: out, spanMs: t - start };
}

async function measureMap(
  redis: Redis,
  keyPrefix: string,
  pairs: [bigint, bigint][],
  sample: number,
) {
  const projection = photoOwnersProjection(redis, { keyPrefix });
  const before = await usedMemory(redis);
  const started = now();
  for (let i = 0; i < pairs.length; i += BATCH) {
    await projection.handle(pairs.slice(i, i + BATCH).map(([p, o], j) => photoPosted(i + j, p, o)));
    if ((i / BATCH) % 200 === 0) log(`map: ${i} pairs written`);
  }
  const elapsedMs = now() - started;
  const after = await usedMemory(redis);
  const keys = await keysUnder(redis, keyPrefix);
  const encoding: Record<string, number> = {};
  let usage = 0;
  let maxPairs = 0;
  for (let i = 0; i < keys.length; i += 1000) {
    const pipeline = redis.pipeline();
    for (const key of keys.slice(i, i + 1000))
      pipeline.memory('USAGE', key, 'SAMPLES', '0').object('ENCODING', key).hlen(key);
    const results = (await pipeline.exec()) ?? [];
    for (let j = 0; j < results.length; j += 3) {
      usage += results[j][1] as number;
      const kind = results[j + 1][1] as string;
      encoding[kind] = (encoding[kind] ?? 0) + 1;
      maxPairs = Math.max(maxPairs, results[j + 2][1] as number);
    }
  }
  const verified = await verifyLookups(new PhotoOwnerMap(redis, { keyPrefix }), pairs, sample);
  log(`map: ${keys.length} buckets, ${verified} sampled lookups exact`);
  return {
    bytes_per_pair: round((after - before) / pairs.length),
    bytes_per_pair_memory_usage: round(usage / pairs.length),
    buckets: keys.length,
    mean_pairs_per_bucket: round(pairs.length / keys.length),
    max_pairs_per_bucket: maxPairs,
    encoding,
    writes_per_s: Math.round(pairs.length / (elapsedMs / 1000)),
    lookups_verified: verified,
  };
}

/** Looks up `sample` stored photos (100 per call) and as many never stored; all must be exact. */
async function verifyLookups(map: PhotoOwnerMap, pairs: [bigint, bigint][], sample: number) {
  const random = mulberry32(7);
  const stored = new Set(pairs.map(([p]) => p));
  for (let done = 0; done < sample; done += 100) {
    const batch = Array.from(
      { length: Math.min(100, sample - done) },
      () => pairs[Math.floor(random() * pairs.length)],
    );
    const absent = batch.map(([p]) => p + 1n).filter((p) => !stored.has(p));
    const owners = await map.ownerOf([...batch.map(([p]) => p), ...absent]);
    for (const [photo, owner] of batch)
      if (owners.get(photo.toString()) !== owner.toString())
        throw new Error(
          `lookup of ${photo}: expected ${owner}, got ${owners.get(photo.toString())}`,
        );
    if (owners.size !== new Set(batch.map(([p]) => p)).size)
      throw new Error('a photo that was never stored has an owner');
  }
  return sample;
}

async function measureNaive(redis: Redis, keyPrefix: string, pairs: [bigint, bigint][]) {
  const before = await usedMemory(redis);
  for (let i = 0; i < pairs.length; i += BATCH) {
    const pipeline = redis.pipeline();
    for (const [photo, owner] of pairs.slice(i, i + BATCH))
      pipeline.set(`${keyPrefix}${photo}`, owner.toString());
    await pipeline.exec();
  }
  const after = await usedMemory(redis);
  // MEMORY USAGE over 10,000 keys, scaled: it does not count the keyspace's own hash table.
  const pipeline = redis.pipeline();
  const step = Math.max(1, Math.floor(pairs.length / 10_000));
  for (let i = 0; i < pairs.length; i += step)
    pipeline.memory('USAGE', `${keyPrefix}${pairs[i][0]}`, 'SAMPLES', '0');
  const usages = ((await pipeline.exec()) ?? []).map(([, v]) => v as number);
  await unlinkAll(redis, keyPrefix);
  return {
    bytes_per_pair: round((after - before) / pairs.length),
    bytes_per_pair_memory_usage: round(usages.reduce((a, b) => a + b, 0) / usages.length),
  };
}

function photoPosted(n: number, photo: bigint, owner: bigint): RecordedEvent {
  const seq = BigInt(n + 1);
  return {
    id: `bench-${n}`,
    type: 'PhotoPosted',
    schemaVersion: 1,
    streamId: `photo-${photo}`,
    streamRevision: 0n,
    position: { tx: seq, seq },
    globalPosition: seq,
    recordedAt: new Date(0),
    data: { photoId: photo.toString(), ownerId: owner.toString() },
    metadata: {},
  };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

async function unlinkAll(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  for (let i = 0; i < keys.length; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
}

/** A small seeded PRNG: the same workload every run. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

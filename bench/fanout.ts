/**
 * npm run bench -- fanout [--followers 10000] [--reps 5] [--posts 10] [--chunk 1000]
 *                         [--author-photos 100] [--prefill 200] [--ceiling-requests 300000]
 *
 * Fan-out on write of the home feed (libs/feeds): one author with --followers active followers
 * posts, --posts times per repetition, one post after the other; each PhotoPosted goes straight to
 * the projection's handle() (no log in between). Steady state, as far as one author goes: the
 * author already has --author-photos photos (default: the per-author cap of 100, so every post also
 * pushes the oldest one out of every feed), and each feed holds those plus --prefill older entries
 * of other authors, as a live feed would (up to 800). A sorted set that large is a skiplist, whose
 * inserts cost more than those into the small listpack of a new feed, for us and the ceiling alike.
 * - visible_p99_ms: from the handle() call until a follower's feed holds the photo, p99 over the
 *   followers (median over the posts). A follower counts as visible when the reply of the chunk
 *   that wrote their feed arrives (the write happened before it); a sample of feeds is checked.
 * - inserts_per_s: feeds written / time inside handle(), over the repetition's posts.
 * - redis_zadd_pipelined_per_s: the ceiling, from redis-benchmark on the same Redis: pipelined
 *   ZADD (-P 100, its default 50 clients) of members shaped like ours into the same 10,000 follower
 *   feeds (follower ids are the 12-digit numbers its __rand_int__ produces, so it writes exactly the
 *   keys the fan-out writes, at the same sizes; its members are distinct, each one an insert).
 * Ceiling and fan-out runs alternate; lines report medians (ratio: median of the per-repetition
 * ratios). Every key is deleted at the end.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { RecordedEvent } from '@photofeed/event-store';
import { encodeMember, HomeFeedKeys, homeFeedProjection } from '@photofeed/feeds';
import { composeId, ID_EPOCH } from '@photofeed/ids';
import { loadServicesEnv, requireEnv } from '@photofeed/testing';
import { Redis } from 'ioredis';
import { positiveInt } from './lib/options';
import { emit, log, median, now } from './lib/stats';

const AUTHOR = '900000000001';

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      followers: { type: 'string', default: '10000' },
      reps: { type: 'string', default: '5' },
      posts: { type: 'string', default: '10' },
      chunk: { type: 'string', default: '1000' },
      prefill: { type: 'string', default: '200' },
      'author-photos': { type: 'string', default: '100' },
      'ceiling-requests': { type: 'string', default: '300000' },
    },
    strict: true,
  });
  const followerCount = positiveInt('followers', values.followers);
  const reps = positiveInt('reps', values.reps);
  const posts = positiveInt('posts', values.posts);
  const chunk = positiveInt('chunk', values.chunk);
  const prefill = Number(values.prefill);
  const authorPhotos = Number(values['author-photos']);
  for (const [name, n] of [
    ['prefill', prefill],
    ['author-photos', authorPhotos],
  ] as const)
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be an integer >= 0`);
  const ceilingRequests = positiveInt('ceiling-requests', values['ceiling-requests']);

  loadServicesEnv();
  const url = requireEnv('REDIS_URL');
  const redis = new Redis(url);
  const prefix = `bench:fanout:${randomBytes(4).toString('hex')}:`;
  const keys = new HomeFeedKeys(`${prefix}v1:`, `${prefix}state:`);
  let chunkReplies: { at: number; targets: number; written: number }[] = [];
  const projection = homeFeedProjection(redis, {
    keyPrefix: keys.keyPrefix,
    stateKeyPrefix: keys.stateKeyPrefix,
    fanOutChunk: chunk,
    onFanOutChunk: ({ targets, written }) => chunkReplies.push({ at: now(), targets, written }),
  });
  const followers = Array.from({ length: followerCount }, (_, i) => String(i).padStart(12, '0'));
  let seq = 0;
  const recorded = (type: string, data: unknown): RecordedEvent => {
    const position = BigInt(++seq);
    return {
      id: `bench-${seq}`,
      type,
      schemaVersion: 1,
      streamId: `bench-${seq}`,
      streamRevision: 0n,
      position: { tx: position, seq: position },
      globalPosition: position,
      recordedAt: new Date(),
      data,
      metadata: {},
    };
  };

  try {
    log(`Redis ${url}; keys under ${prefix}; ${followerCount} followers, chunks of ${chunk}`);
    const setupStart = now();
    const handleAll = async (events: RecordedEvent[]) => {
      for (let i = 0; i < events.length; i += 1000)
        await projection.handle(events.slice(i, i + 1000));
    };
    await handleAll([AUTHOR, ...followers].map((userId) => recorded('UserRegistered', { userId })));
    // Every follower read their feed a moment ago: all are fanned out to.
    await redis.zadd(keys.lastRead, ...[AUTHOR, ...followers].flatMap((u) => [Date.now(), u]));
    // The author already has a full list of recent photos (so each new post pushes one out of
    // every feed, as in steady state); following backfills them into each follower's feed.
    const oldMs = Date.now() - ID_EPOCH.getTime() - 3_600_000;
    await handleAll(
      Array.from({ length: authorPhotos }, (_, i) =>
        recorded('PhotoPosted', {
          photoId: composeId({ ms: oldMs + i, shard: 1, sequence: 0 }).toString(),
          ownerId: AUTHOR,
        }),
      ),
    );
    await handleAll(
      followers.map((f) => recorded('Followed', { followerId: f, followeeId: AUTHOR })),
    );
    await prefillFeeds(redis, keys, followers, prefill);
    log(
      `setup: author with ${authorPhotos} photos, feeds of ${authorPhotos + prefill} entries, ` +
        `in ${(now() - setupStart).toFixed(0)} ms`,
    );

    const post = async (sequence: number) => {
      const ms = Date.now() - ID_EPOCH.getTime();
      const photoId = composeId({ ms, shard: 1, sequence }).toString();
      chunkReplies = [];
      const start = now();
      await projection.handle([recorded('PhotoPosted', { photoId, ownerId: AUTHOR })]);
      return { photoId, start, end: now(), replies: chunkReplies };
    };
    await post(0); // warm-up: loads the scripts, settles the connection

    const runs: { p99: number; rate: number; ceiling: number }[] = [];
    for (let rep = 1; rep <= reps; rep++) {
      const ceiling = zaddCeiling(url, keys.feedPrefix, followerCount, ceilingRequests);
      const p99s: number[] = [];
      const serverBefore = await scriptServerMicros(redis);
      let written = 0;
      let elapsedMs = 0;
      for (let i = 0; i < posts; i++) {
        const { photoId, start, end, replies } = await post(rep * posts + i);
        const feeds = replies.reduce((n, r) => n + r.written, 0);
        if (feeds !== followerCount + 1)
          throw new Error(`fan-out wrote ${feeds} feeds, expected ${followerCount + 1}`);
        await checkSample(redis, keys, followers, encodeMember(photoId, AUTHOR));
        const latencies = replies.flatMap((r) => Array<number>(r.targets).fill(r.at - start));
        p99s.push(percentile(latencies, 0.99));
        written += feeds;
        elapsedMs += end - start;
      }
      // Redis's own time in the scripts (INFO commandstats; the sample checks are not scripts).
      const serverMs = ((await scriptServerMicros(redis)) - serverBefore) / 1000;
      const run = {
        p99: round(median(p99s), 2),
        rate: Math.round(written / (elapsedMs / 1000)),
        ceiling,
      };
      runs.push(run);
      log(
        `rep ${rep}: ${posts} posts, ${written} feeds in ${elapsedMs.toFixed(1)} ms, ` +
          `p99 visible ${run.p99} ms, ${run.rate} inserts/s; redis-benchmark ZADD ${ceiling}/s ` +
          `(ratio ${round(run.rate / ceiling, 2)}); Redis busy in the scripts ${serverMs.toFixed(1)} ms ` +
          `(${Math.round(written / (serverMs / 1000))} inserts per second of its time)`,
      );
      emit({
        bench: 'fanout',
        rep,
        visible_p99_ms: run.p99,
        inserts_per_s: run.rate,
        redis_zadd_pipelined_per_s: ceiling,
      });
    }
    const insertsPerS = Math.round(median(runs.map((r) => r.rate)));
    const ceiling = Math.round(median(runs.map((r) => r.ceiling)));
    emit({
      bench: 'fanout',
      followers: followerCount,
      visible_p99_ms: round(median(runs.map((r) => r.p99)), 2),
      inserts_per_s: insertsPerS,
      redis_zadd_pipelined_per_s: ceiling,
      // Paired per repetition (each fan-out run right after its ceiling run): steadier than a
      // ratio of medians when the machine's load drifts.
      ratio: round(median(runs.map((r) => r.rate / r.ceiling)), 2),
      chunk,
    });
  } finally {
    const deleted = await deleteByPrefix(redis, prefix);
    log(`deleted ${deleted} keys under ${prefix}`);
    redis.disconnect();
  }
}

/** redis-benchmark's pipelined ZADD rate into the followers' feeds (keys `<feedPrefix><12 digits>`). */
function zaddCeiling(url: string, feedPrefix: string, feeds: number, requests: number): number {
  const { hostname, port } = new URL(url);
  // A 19-digit photo id and a 12-digit author id, distinct per request.
  const member = `${composeId({ ms: 2 ** 38, shard: 1, sequence: 1 })}:__rand_int__`;
  const run = spawnSync(
    'redis-benchmark',
    [
      ...['-h', hostname, '-p', port || '6379', '-n', String(requests), '-P', '100'],
      ...['-r', String(feeds), '-q', 'ZADD', `${feedPrefix}__rand_int__`, '0', member],
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`redis-benchmark failed: ${run.stderr || run.error}`);
  // -q prints progress lines separated by \r, then "<command>: <n> requests per second, ...".
  const m = /([\d.]+) requests per second/.exec(run.stdout.split('\r').at(-1) ?? '');
  if (!m) throw new Error(`cannot read redis-benchmark output: ${run.stdout.slice(-200)}`);
  return Math.round(Number(m[1]));
}

/** Older photos of other authors in every follower's feed (`prefill` of them). */
async function prefillFeeds(
  redis: Redis,
  keys: HomeFeedKeys,
  followers: string[],
  prefill: number,
): Promise<void> {
  if (prefill === 0) return;
  const day = 24 * 3600 * 1000;
  for (let i = 0; i < followers.length; i += 100) {
    const pipeline = redis.pipeline();
    for (const [j, follower] of followers.slice(i, i + 100).entries()) {
      const members = Array.from({ length: prefill }, (_, k) => {
        const photoId = composeId({
          ms: 2 ** 37 - (k + 1) * day,
          shard: (i + j) % 8192,
          sequence: 0,
        });
        return [0, encodeMember(photoId, String(800_000_000_000 + k))];
      });
      pipeline.zadd(keys.feed(follower), ...members.flat());
    }
    await pipeline.exec();
  }
}

/** Microseconds Redis spent in EVALSHA so far (commandstats counts a script's inner commands in it). */
async function scriptServerMicros(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(/cmdstat_evalsha:calls=\d+,usec=(\d+)/.exec(stats)?.[1] ?? 0);
}

/** The post is really in the feeds: 200 followers picked across the set. */
async function checkSample(
  redis: Redis,
  keys: HomeFeedKeys,
  followers: string[],
  member: string,
): Promise<void> {
  const step = Math.max(1, Math.floor(followers.length / 200));
  for (let i = 0; i < followers.length; i += step) {
    if ((await redis.zscore(keys.feed(followers[i]), member)) === null)
      throw new Error(`follower ${followers[i]} does not have the post`);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (found.length > 0) deleted += await redis.unlink(...found);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

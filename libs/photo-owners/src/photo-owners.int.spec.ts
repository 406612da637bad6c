import { randomUUID } from 'node:crypto';
import type { PhotoDeleted, PhotoPosted } from '@photofeed/domain';
import { photoStream } from '@photofeed/domain';
import type { RecordedEvent } from '@photofeed/event-store';
import { composeId, MAX_SEQUENCE } from '@photofeed/ids';
import {
  keysUnder as sharedKeysUnder,
  loadServicesEnv,
  requireEnv,
  testKeyPrefix,
} from '@photofeed/testing';
import Redis from 'ioredis';
import { bucketKey } from './layout';
import { PhotoOwnerMap } from './photo-owner-map';
import { photoOwnersProjection } from './photo-owners.projection';

let redis: Redis;
const prefixes: string[] = [];

beforeAll(() => {
  loadServicesEnv();
  redis = new Redis(requireEnv('REDIS_URL'));
});
afterAll(async () => {
  for (const prefix of prefixes) await unlinkAll(prefix);
  redis.disconnect();
});

function setup(label: string) {
  const keyPrefix = testKeyPrefix(label);
  prefixes.push(keyPrefix);
  return {
    keyPrefix,
    projection: photoOwnersProjection(redis, { keyPrefix }),
    map: new PhotoOwnerMap(redis, { keyPrefix }),
  };
}

const keysUnder = (prefix: string): Promise<string[]> => sharedKeysUnder(redis, prefix);

async function unlinkAll(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
}

/** Every hash under the prefix, fields and raw values, to compare whole views. */
async function dump(prefix: string): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const key of await keysUnder(prefix)) {
    const flat = await redis.hgetallBuffer(key);
    out[key] = Object.fromEntries(Object.entries(flat).map(([f, v]) => [f, v.toString('hex')]));
  }
  return out;
}

let seq = 0n;
function recorded<E extends PhotoPosted | PhotoDeleted>(event: E): RecordedEvent {
  seq++;
  return {
    id: randomUUID(),
    type: event.type,
    schemaVersion: 1,
    streamId: photoStream(event.data.photoId),
    streamRevision: event.type === 'PhotoPosted' ? 0n : 1n,
    position: { tx: seq, seq },
    globalPosition: seq,
    recordedAt: new Date(),
    data: event.data,
    metadata: {},
  };
}

const posted = (photoId: bigint, ownerId: bigint): RecordedEvent =>
  recorded({
    type: 'PhotoPosted',
    data: {
      photoId: photoId.toString(),
      ownerId: ownerId.toString(),
      caption: '',
      objects: { original: 'o', large: 'l', medium: 'm', small: 's' },
      width: 10,
      height: 10,
      postedAt: new Date().toISOString(),
    },
  });
const deleted = (photoId: bigint, ownerId: bigint): RecordedEvent =>
  recorded({
    type: 'PhotoDeleted',
    data: {
      photoId: photoId.toString(),
      ownerId: ownerId.toString(),
      deletedAt: new Date().toISOString(),
    },
  });

/** 300 days into the id space, where real ids live now. */
const NOW_MS = 300 * 86_400_000;
const user = (n: number, shard: number): bigint =>
  composeId({ ms: NOW_MS - 50 * 86_400_000 + n * 7919, shard, sequence: n % 3 });

it('answers the owner of every posted photo exactly, in one call, and nothing for others', async () => {
  const { projection, map } = setup('po-owners');
  const pairs: [bigint, bigint][] = [];
  for (let i = 0; i < 400; i++) {
    const shard = (i * 37) % 2048;
    const owner = user(i, shard);
    pairs.push([composeId({ ms: NOW_MS + i * 13, shard, sequence: i % 5 }), owner]);
  }
  // Edge cases: highest sequences, and an owner on another shard (never written by our write side).
  const edge = composeId({ ms: NOW_MS + 1, shard: 8191, sequence: MAX_SEQUENCE });
  pairs.push([edge, composeId({ ms: 1, shard: 8191, sequence: MAX_SEQUENCE })]);
  const foreign = composeId({ ms: NOW_MS + 2, shard: 3, sequence: 0 });
  pairs.push([foreign, user(1, 4)]);
  await projection.handle(pairs.map(([photo, owner]) => posted(photo, owner)));

  const absent = composeId({ ms: NOW_MS + 3, shard: 3, sequence: 0 });
  const owners = await map.ownerOf([...pairs.map(([photo]) => photo), absent]);
  expect(owners).toEqual(new Map(pairs.map(([p, o]) => [p.toString(), o.toString()])));
  expect(await map.ownerOf([])).toEqual(new Map());
});

it('forgets deleted photos, and re-applying any suffix of the log leaves the view as it was', async () => {
  const { keyPrefix, projection, map } = setup('po-idem');
  const owner = user(9, 42);
  const photos = Array.from({ length: 60 }, (_, i) =>
    composeId({ ms: NOW_MS + i * 500, shard: 42, sequence: 0 }),
  );
  const log = [
    ...photos.map((p) => posted(p, owner)),
    ...photos.filter((_, i) => i % 3 === 0).map((p) => deleted(p, owner)),
  ];
  await projection.handle(log);
  const once = await dump(keyPrefix);
  const owners = await map.ownerOf(photos);
  expect([...owners.keys()]).toEqual(photos.filter((_, i) => i % 3 !== 0).map(String));

  for (const from of [0, 1, 30, 59, 60, 61, log.length - 1]) {
    await projection.handle(log.slice(from));
    expect(await dump(keyPrefix)).toEqual(once);
  }
  // Deleting every photo of a bucket removes the bucket itself.
  await projection.handle(photos.map((p) => deleted(p, owner)));
  expect(await keysUnder(keyPrefix)).toEqual([]);
});

it('keeps a bucket at its designed size (128 pairs) in the listpack encoding, ≤ 16 bytes a pair', async () => {
  const { keyPrefix, projection, map } = setup('po-listpack');
  const [, limit] = (await redis.config('GET', 'hash-max-listpack-entries')) as [string, string];
  expect(Number(limit)).toBeGreaterThanOrEqual(128);
  // 128 photos of one 2048 ms slice, from shards all over 0..2047, owners of this year.
  const bucketStart = Math.floor(NOW_MS / 2048) * 2048;
  const pairs = Array.from({ length: 128 }, (_, i): [bigint, bigint] => {
    const shard = (i * 509) % 2048;
    return [composeId({ ms: bucketStart + i * 16, shard, sequence: 0 }), user(i, shard)];
  });
  await projection.handle(pairs.map(([photo, owner]) => posted(photo, owner)));

  const keys = await keysUnder(keyPrefix);
  expect(keys).toEqual([bucketKey(keyPrefix, pairs[0][0])]);
  expect(await redis.hlen(keys[0])).toBe(128);
  expect(await redis.object('ENCODING', keys[0])).toBe('listpack');
  const bytes = (await redis.memory('USAGE', keys[0], 'SAMPLES', '0')) as number;
  expect(bytes / 128).toBeLessThanOrEqual(16);
  expect((await map.ownerOf(pairs.map(([p]) => p))).size).toBe(128);
});

import { randomInt, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import sharp from 'sharp';
import { CommandExecutor, runDecider } from '@photofeed/command-handling';
import { followUserDecider, postPhotoDecider } from '@photofeed/domain';
import { PostgresEventStore } from '@photofeed/event-store';
import { formatId, PostgresIdAllocator, shardOf } from '@photofeed/ids';
import { photoObjectKeys, S3PhotoStorage } from '@photofeed/media';

/** A user registered through the api, with what requests on their behalf need. */
export interface SeedUser {
  userId: string;
  authorization: string;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i], i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * A documentation-range IPv6 client (2001:db8::/32) in a /56 of its own, random per call. The api
 * counts IPv6 clients by /56, and its registration limit (20 per IP per hour, counted in the
 * shared Redis) would otherwise stop the seeding after 20 users, or on the next run within the
 * hour. Only honoured with TRUST_PROXY set on the api.
 */
export function freshClientIp(): string {
  const hex = (bits: number) => randomInt(0, 2 ** bits).toString(16);
  return `2001:db8:${hex(16)}:${hex(8)}00::1`;
}

async function failure(what: string, res: Response): Promise<Error> {
  return new Error(`${what}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
}

/** `count` users through `POST /auth/register` (argon2 hashing: a few in flight at once). */
export async function registerUsers(
  baseUrl: string,
  count: number,
  concurrency = 4,
): Promise<SeedUser[]> {
  const tag = randomUUID().slice(0, 6);
  return mapLimit(Array.from({ length: count }), concurrency, async (_, i) => {
    const username = `b${tag}_${i}`;
    const res = await fetch(`${baseUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': freshClientIp() },
      body: JSON.stringify({
        username,
        displayName: `Bench user ${i}`,
        password: 'bench password, not a secret',
      }),
    });
    if (res.status !== 201) throw await failure(`register ${username}`, res);
    const body = (await res.json()) as { userId: string; tokens: { accessToken: string } };
    return { userId: body.userId, authorization: `Bearer ${body.tokens.accessToken}` };
  });
}

/** A plain JPEG of side `side` in a colour of its own, as a phone would upload (EXIF-free). */
function sampleJpeg(side: number, i: number): Promise<Buffer> {
  return sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 53) % 256 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/**
 * One photo per owner through `POST /photos` (multipart, field `photo`), `concurrency` at a time.
 * The api stores its renditions in S3 and appends PhotoPosted. Returns the photo ids.
 */
export async function postPhotosViaApi(
  baseUrl: string,
  owners: readonly SeedUser[],
  concurrency = 4,
): Promise<string[]> {
  const jpeg = await sampleJpeg(640, 1);
  return mapLimit(owners, concurrency, async (owner, i) => {
    const form = new FormData();
    form.append('caption', `bench photo ${i}`);
    form.append('photo', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'bench.jpg');
    const res = await fetch(`${baseUrl}/photos`, {
      method: 'POST',
      // Uploads have a per-IP budget of their own (60 a minute): one client address per upload.
      headers: { authorization: owner.authorization, 'x-forwarded-for': freshClientIp() },
      body: form,
    });
    if (res.status < 200 || res.status > 299) throw await failure(`POST /photos #${i}`, res);
    const body = (await res.json()) as { photoId?: string; id?: string; photo?: { id?: string } };
    const id = body.photoId ?? body.photo?.id ?? body.id;
    if (typeof id !== 'string')
      throw new Error(`POST /photos answered no photo id: ${JSON.stringify(body)}`);
    return id;
  });
}

/**
 * One photo per owner appended straight to the log, as the write side would store it after its
 * uploads: id from the allocator on the owner's shard, object keys derived from the id, the
 * PhotoPosted decided by the domain's postPhotoDecider. No image is stored in S3 (no route here
 * reads one).
 */
export async function postPhotosViaLog(
  databaseUrl: string,
  owners: readonly SeedUser[],
  concurrency = 4,
): Promise<string[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: concurrency });
  const store = new PostgresEventStore({
    connectionString: databaseUrl,
    maxConnections: concurrency,
  });
  const deps = { store, executor: new CommandExecutor(store) };
  const ids = new PostgresIdAllocator(pool);
  try {
    return await mapLimit(owners, concurrency, async (owner, i) => {
      const photoId = formatId(await ids.next(shardOf(BigInt(owner.userId))));
      await runDecider(
        deps,
        postPhotoDecider,
        {
          photoId,
          ownerId: owner.userId,
          caption: `bench photo ${i}`,
          objects: photoObjectKeys(photoId),
          width: 1080,
          height: 1080,
          now: new Date(),
        },
        { actorId: owner.userId, correlationId: randomUUID() },
      );
      return photoId;
    });
  } finally {
    await store.close();
    await pool.end();
  }
}

/**
 * Follows appended straight to the log, as POST /users/:id/follow stores them (the domain's
 * followUserDecider, the follower as actor): the same events and views, without an HTTP request
 * and a bearer-token check each.
 */
export async function followViaLog(
  databaseUrl: string,
  follows: readonly { follower: SeedUser; followee: SeedUser }[],
  concurrency = 8,
): Promise<void> {
  const store = new PostgresEventStore({
    connectionString: databaseUrl,
    maxConnections: concurrency,
  });
  const deps = { store, executor: new CommandExecutor(store) };
  try {
    await mapLimit(follows, concurrency, ({ follower, followee }) =>
      runDecider(
        deps,
        followUserDecider,
        { followerId: follower.userId, followeeId: followee.userId, now: new Date() },
        { actorId: follower.userId, correlationId: randomUUID() },
      ),
    );
  } finally {
    await store.close();
  }
}

/**
 * Deletes the S3 objects of photos posted through the api (the bucket the api used: S3_* from the
 * environment), so runs do not pile up images. Best effort: returns how many photos failed.
 */
export async function deletePhotoObjects(photoIds: readonly string[]): Promise<number> {
  const env = process.env;
  if (!env.S3_BUCKET || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) return photoIds.length;
  const storage = S3PhotoStorage.fromConfig({
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
    region: env.S3_REGION ?? 'us-east-1',
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_ENDPOINT !== undefined,
  });
  const failed = await mapLimit(photoIds, 8, (id) =>
    storage.deletePhoto(id).then(
      () => 0,
      () => 1,
    ),
  );
  return failed.reduce<number>((a, b) => a + b, 0);
}

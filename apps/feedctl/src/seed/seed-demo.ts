import { demoImage } from './demo-image';
import { demoPlan, type DemoPlan } from './demo-plan';
import type { DemoWriter } from './demo-writer';
import { findBatch, notOurs } from './find-batch';
import { runPool } from './run-pool';
import { SeedLog } from './seed-log';
import type { SeedProgress } from './seed-progress';
import { noneWritten, summarize, type SeedSummary, type Written } from './seed-summary';
import { SeedTags } from './seed-tags';

export interface SeedOptions {
  users: number;
  photosPerUser: number;
  seed: number;
  /** Add another batch (new usernames) when this seed's demo already exists. */
  force: boolean;
  password: string;
}

export interface SeedEnvironment {
  writer: DemoWriter;
  /** Aborted on Ctrl-C: no new command starts, the ones in flight finish. */
  signal: AbortSignal;
  progress: SeedProgress;
  /** FEED_CELEBRITY_FOLLOWERS: the summary says how many demo users exceed it. */
  celebrityFollowers: number;
}

/** A few commands in flight: enough to keep 2 cores busy without queueing on the pool of 10. */
const CONCURRENCY = {
  /** argon2 and sharp both run on libuv's 4 threads. */
  register: 4,
  photos: 4,
  writes: 8,
} as const;

/**
 * Writes one demo batch through the api's command handlers, or finds there is nothing to do.
 * Batch 0 of a seed is the demo; when it is complete the seed skips, unless `force`, which moves
 * on to the first batch that is not. A batch that was interrupted is completed with the sizes it
 * was started with: every step is derived from (seed, batch, sizes), so a re-run sends the same
 * commands, and those already applied write nothing (see SeedTags and SeedLog).
 */
export async function seedDemo(env: SeedEnvironment, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const log = new SeedLog(env.writer.store);
  const target = await findBatch(log, options);
  const plan = demoPlan(target.id);
  const result = (status: SeedSummary['status'], written = noneWritten()) =>
    summarize(plan, { ...options, ...env, elapsedMs: Date.now() - started }, status, written);
  if (target.state === 'complete') return result('skipped');

  const written = noneWritten();
  const finished = await writeBatch(env, log, plan, new SeedTags(target.id), options, {
    resuming: target.state === 'partial',
    written,
  });
  return result(
    finished ? (target.state === 'partial' ? 'resumed' : 'seeded') : 'interrupted',
    written,
  );
}

/** Each phase in turn; false when interrupted (whatever was in flight has finished). */
async function writeBatch(
  env: SeedEnvironment,
  log: SeedLog,
  plan: DemoPlan,
  tags: SeedTags,
  options: SeedOptions,
  run: { resuming: boolean; written: Written },
): Promise<boolean> {
  const { writer, signal, progress } = env;
  const { written } = run;
  const userIds = new Array<string>(plan.users.length);
  const photoIds = new Array<string>(plan.photos.length);
  const indices = (n: number) => Array.from({ length: n }, (_, i) => i);
  const phase = async <T>(
    name: string,
    items: readonly T[],
    limit: number,
    task: (item: T, index: number) => Promise<void>,
  ): Promise<boolean> => {
    progress.phase(name, items.length);
    try {
      return await runPool(items, limit, signal, async (item, index) => {
        await task(item, index);
        progress.tick();
      });
    } finally {
      progress.end();
    }
  };

  const register = async (i: number) => {
    const user = plan.users[i];
    const claim = await log.claim(user.username);
    if (claim) {
      const owner = SeedTags.parse(claim.correlationId);
      if (owner?.seed !== tags.id.seed || owner.batch !== tags.id.batch)
        throw notOurs(user.username);
      userIds[i] = claim.userId;
      return;
    }
    userIds[i] = await writer.register(
      user.username,
      user.displayName,
      options.password,
      tags.register(i),
    );
    written.users++;
  };
  // User 0 alone first: its registration is how a later run finds this batch.
  if (plan.users.length > 0 && !(await phase('registering user 0', [0], 1, register))) return false;
  if (
    !(await phase(
      'registering users',
      indices(plan.users.length).slice(1),
      CONCURRENCY.register,
      register,
    ))
  )
    return false;

  const bio = async (i: number) => {
    if (await writer.updateBio(userIds[i], plan.users[i].bio, tags.profile(i))) written.bios++;
  };
  if (!(await phase('writing bios', indices(plan.users.length).slice(1), CONCURRENCY.writes, bio)))
    return false;

  // Follows before photos, so posts fan out to followers as they would in real life.
  const followed = await phase('following', plan.follows, CONCURRENCY.writes, async (edge) => {
    const { follower, followee } = edge;
    const context = tags.follow(follower, followee);
    if (await writer.follow(userIds[follower], userIds[followee], context)) written.follows++;
  });
  if (!followed) return false;

  const posted = run.resuming
    ? await log.postedPhotos(tags.photoPrefix)
    : new Map<string, string>();
  const photosDone = await phase(
    'posting photos',
    plan.photos,
    CONCURRENCY.photos,
    async (photo, p) => {
      const context = tags.photo(photo.owner, photo.nth);
      const already = posted.get(context.correlationId);
      if (already) {
        photoIds[p] = already;
        return;
      }
      const image = await demoImage(photo.image);
      photoIds[p] = await writer.postPhoto(
        userIds[photo.owner],
        image,
        photo.caption,
        photo.location,
        context,
      );
      written.photos++;
    },
  );
  if (!photosDone) return false;

  const liked = await phase('liking', plan.likes, CONCURRENCY.writes, async ({ user, photo }) => {
    if (await writer.like(photoIds[photo], userIds[user], tags.like(user, photo))) written.likes++;
  });
  if (!liked) return false;

  if (plan.users.length > 0 && !(await phase('finishing', [0], 1, bio))) return false;
  return true;
}

import { FeedctlError } from '../exit-codes';
import { demoImage } from './demo-image';
import { demoPlan, demoUsers, type DemoPlan } from './demo-plan';
import type { DemoWriter } from './demo-writer';
import { runPool } from './run-pool';
import { SeedLog } from './seed-log';
import type { SeedProgress } from './seed-progress';
import { SeedTags, type BatchId } from './seed-tags';

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

export interface SeedCount {
  /** In the batch's plan. */
  total: number;
  /** By this run (the rest were there already, or were not reached). */
  written: number;
}

export interface DemoLogin {
  username: string;
  password: string;
  displayName: string;
  followers: number;
}

export interface SeedSummary {
  /** seeded: a new batch; resumed: an interrupted one completed; skipped: nothing to do. */
  status: 'seeded' | 'resumed' | 'skipped' | 'interrupted';
  seed: number;
  batch: number;
  users: SeedCount;
  photos: SeedCount;
  photosWithLocation: number;
  follows: SeedCount;
  likes: SeedCount;
  maxFollowers: number;
  medianFollowers: number;
  celebrityFollowers: number;
  /** Demo users with more followers than celebrityFollowers (merged into feeds at read time). */
  celebrities: number;
  elapsedMs: number;
  logins: DemoLogin[];
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
  const result = (status: SeedSummary['status'], written?: Written) =>
    summarize(plan, options, env, status, written ?? noneWritten(), Date.now() - started);
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

type BatchState = 'new' | 'partial' | 'complete';

/** The first batch of the seed to work on (or batch 0 when it is complete and not `force`). */
async function findBatch(
  log: SeedLog,
  options: SeedOptions,
): Promise<{ id: BatchId; state: BatchState }> {
  for (let batch = 0; ; batch++) {
    const [first] = demoUsers(options.seed, batch, 1);
    const claim = await log.claim(first.username);
    if (!claim)
      return {
        id: {
          seed: options.seed,
          batch,
          users: options.users,
          photosPerUser: options.photosPerUser,
        },
        state: 'new',
      };
    const id = SeedTags.parse(claim.correlationId);
    if (!id || id.seed !== options.seed || id.batch !== batch) throw notOurs(first.username);
    // The last step of a batch is user 0's bio: once it is there, everything before it is too.
    const done = await log.hasProfileUpdate(
      claim.userId,
      new SeedTags(id).profile(0).correlationId,
    );
    if (!done) return { id, state: 'partial' };
    if (!options.force) return { id, state: 'complete' };
  }
}

interface Written {
  users: number;
  bios: number;
  follows: number;
  photos: number;
  likes: number;
}
const noneWritten = (): Written => ({ users: 0, bios: 0, follows: 0, photos: 0, likes: 0 });

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

function notOurs(username: string): FeedctlError {
  return new FeedctlError(
    `the username ${username} belongs to a user this seed did not register; pick another --seed`,
  );
}

function summarize(
  plan: DemoPlan,
  options: SeedOptions,
  env: SeedEnvironment,
  status: SeedSummary['status'],
  written: Written,
  elapsedMs: number,
): SeedSummary {
  const sorted = [...plan.followers].sort((a, b) => a - b);
  return {
    status,
    seed: plan.options.seed,
    batch: plan.options.batch,
    users: { total: plan.users.length, written: written.users },
    photos: { total: plan.photos.length, written: written.photos },
    photosWithLocation: plan.photos.filter((p) => p.location).length,
    follows: { total: plan.follows.length, written: written.follows },
    likes: { total: plan.likes.length, written: written.likes },
    maxFollowers: sorted.at(-1) ?? 0,
    medianFollowers: sorted[Math.floor(sorted.length / 2)] ?? 0,
    celebrityFollowers: env.celebrityFollowers,
    celebrities: plan.followers.filter((n) => n > env.celebrityFollowers).length,
    elapsedMs,
    logins: demoLogins(plan, options.password),
  };
}

/** The two most followed users (celebrities, if the threshold is low) and one typical user. */
function demoLogins(plan: DemoPlan, password: string): DemoLogin[] {
  const byFollowers = plan.users
    .map((user, i) => ({ user, followers: plan.followers[i] }))
    .sort((a, b) => b.followers - a.followers);
  const chosen = [...byFollowers.slice(0, 2), byFollowers[Math.floor(byFollowers.length / 2)]];
  return [...new Set(chosen)]
    .filter((c) => c !== undefined)
    .map(({ user, followers }) => ({
      username: user.username,
      password,
      displayName: user.displayName,
      followers,
    }));
}

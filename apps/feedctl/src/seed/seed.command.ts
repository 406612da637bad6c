import { InvalidArgumentError, type Command } from 'commander';
import { PhotoStorageError } from '@photofeed/media';
import { action } from '../command';
import type { FeedctlContext } from '../context';
import { EXIT, FeedctlError, type ExitCode } from '../exit-codes';
import { ioOf } from '../io';
import { DemoWriter, noteLogger } from './demo-writer';
import { seedDemo, type SeedOptions } from './seed-demo';
import { stderrProgress } from './seed-progress';
import { printSummary } from './seed-summary';
import { writeSideConfig } from './write-side-config';

/**
 * 200 users, one photo each: the graph has its heavy tail (the most followed user has 160
 * followers, the median 4), and a fresh 2-core machine seeds it in well under a minute. The cost is
 * nearly all CPU: ~0.14 s per photo (drawing it, then the api's decode and four mozjpeg encodes)
 * and ~0.05 s per user (argon2), so each photo per user adds about 30 CPU-seconds.
 */
export const SEED_DEFAULTS = {
  users: 200,
  photosPerUser: 1,
  seed: 1,
  password: 'photofeed-demo',
} as const;

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description(
      "Demo data through the api's command handlers (the log is the source): users, photos " +
        '(real images, some with a location), a heavy-tailed follower graph, likes. Skips when ' +
        "this seed's demo exists; completes one that was interrupted.",
    )
    .option(
      '--users <n>',
      'users in the batch',
      integer('--users', 1, 100_000),
      SEED_DEFAULTS.users,
    )
    .option(
      '--photos-per-user <m>',
      'photos each user posts',
      integer('--photos-per-user', 0, 50),
      SEED_DEFAULTS.photosPerUser,
    )
    .option(
      '--seed <s>',
      'the same seed gives the same demo (usernames, graph, photos, likes)',
      integer('--seed', 0, 2 ** 31 - 1),
      SEED_DEFAULTS.seed,
    )
    .option('--force', "add another batch (new usernames) when this seed's demo exists", false)
    .option(
      '--password <p>',
      'the password of every new demo user (8 to 256 characters)',
      password,
      SEED_DEFAULTS.password,
    )
    .action(action(program, (ctx, options: SeedOptions) => seed(ctx, program, options)));
}

async function seed(
  ctx: FeedctlContext,
  program: Command,
  options: SeedOptions,
): Promise<ExitCode> {
  const io = ioOf(program);
  const writer = await DemoWriter.open(
    writeSideConfig(io.env),
    noteLogger((l) => ctx.out.note(l)),
  );
  const progress = stderrProgress(io.stderr);
  try {
    const summary = await seedDemo(
      {
        writer,
        signal: ctx.signal,
        progress,
        celebrityFollowers: ctx.settings.feed.celebrityFollowers,
      },
      options,
    );
    printSummary(ctx.out, summary);
    return summary.status === 'interrupted' ? EXIT.interrupted : EXIT.ok;
  } catch (error) {
    if (error instanceof PhotoStorageError)
      throw new FeedctlError(`S3 refused a photo: ${error.message}`, EXIT.unavailable);
    throw error;
  } finally {
    progress.end();
    await writer.close();
  }
}

function integer(name: string, min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max)
      throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max}.`);
    return value;
  };
}

function password(raw: string): string {
  // The api's own rule for a password at sign-up (RegisterRequest): the handler does not check it.
  if (raw.length < 8 || raw.length > 256)
    throw new InvalidArgumentError('a password is 8 to 256 characters.');
  return raw;
}

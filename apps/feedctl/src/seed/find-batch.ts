import { FeedctlError } from '../exit-codes';
import { demoUsers } from './demo-plan';
import type { SeedLog } from './seed-log';
import { SeedTags, type BatchId } from './seed-tags';

export type BatchState = 'new' | 'partial' | 'complete';

/**
 * The first batch of the seed to work on: batch 0 unless it is complete and `force` asks for more.
 * A batch exists once its user 0 is registered and is complete once user 0's bio, its last step,
 * is written; a partial batch comes back with the sizes it was started with, read from the log.
 */
export async function findBatch(
  log: SeedLog,
  options: { seed: number; users: number; photosPerUser: number; force: boolean },
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
    const done = await log.hasProfileUpdate(
      claim.userId,
      new SeedTags(id).profile(0).correlationId,
    );
    if (!done) return { id, state: 'partial' };
    if (!options.force) return { id, state: 'complete' };
  }
}

/** A username of the batch is held by a user the seed did not register. */
export function notOurs(username: string): FeedctlError {
  return new FeedctlError(
    `the username ${username} belongs to a user this seed did not register; pick another --seed`,
  );
}

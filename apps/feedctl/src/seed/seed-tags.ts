import type { CommandContext } from '@photofeed/command-handling';

/** Which batch: the seed, its number, and the sizes it was started with. */
export interface BatchId {
  seed: number;
  batch: number;
  users: number;
  photosPerUser: number;
}

/** The idempotency scope of every seed command (the api's are `user:<id>` and `client:<ip>`). */
const SCOPE = 'feedctl:seed';
const PREFIX = 'feedctl-seed';
const PARSE = /^feedctl-seed:(\d+):(\d+):(\d+)x(\d+):/;

/**
 * The correlation id and Idempotency-Key of each step, derived from (seed, batch, sizes, step), so
 * a re-run sends the very same commands: the log stores each one once (its event ids derive from
 * the key) and the seed can tell its own events, and its progress, from anyone else's.
 */
export class SeedTags {
  private readonly base: string;

  constructor(readonly id: BatchId) {
    this.base = `${PREFIX}:${id.seed}:${id.batch}:${id.users}x${id.photosPerUser}`;
  }

  /** Read back from user 0's registration: which batch it belongs to and its sizes. */
  static parse(correlationId: string | undefined): BatchId | undefined {
    const m = correlationId ? PARSE.exec(correlationId) : null;
    if (!m) return undefined;
    const [seed, batch, users, photosPerUser] = m.slice(1).map(Number);
    return { seed, batch, users, photosPerUser };
  }

  /** Every photo's correlation id starts with it. */
  get photoPrefix(): string {
    return `${this.base}:photo:`;
  }

  register = (user: number) => this.context(`user:${user}`);
  profile = (user: number) => this.context(`profile:${user}`);
  follow = (follower: number, followee: number) => this.context(`follow:${follower}:${followee}`);
  photo = (owner: number, nth: number) => this.context(`photo:${owner}:${nth}`);
  like = (user: number, photo: number) => this.context(`like:${user}:${photo}`);

  private context(step: string): CommandContext & { correlationId: string } {
    const correlationId = `${this.base}:${step}`;
    return { correlationId, idempotency: { scope: SCOPE, key: correlationId } };
  }
}

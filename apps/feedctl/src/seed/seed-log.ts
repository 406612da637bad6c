import {
  userStream,
  usernameStream,
  type PhotoPosted,
  type UsernameClaimed,
} from '@photofeed/domain';
import type { EventStore, LogPosition, ReadAllBatch } from '@photofeed/event-store';
import { EXIT, FeedctlError } from '../exit-codes';

const HELD_BACK_PATIENCE_MS = 30_000;

/**
 * What the seed has already written, read back from the log (never from a view: the seed runs
 * before any projector does). Every event the seed causes carries a correlation id naming the seed,
 * the batch, its sizes and the step (see SeedTags), which is how it recognises its own work.
 */
export class SeedLog {
  constructor(private readonly store: EventStore) {}

  /** Who holds a username, and the correlation id of the registration that claimed it. */
  async claim(username: string): Promise<{ userId: string; correlationId?: string } | undefined> {
    const [claimed] = await this.store.readStream(usernameStream(username), { limit: 1 });
    if (claimed?.type !== 'UsernameClaimed') return undefined;
    return {
      userId: (claimed.data as UsernameClaimed['data']).userId,
      correlationId: claimed.metadata.correlationId,
    };
  }

  /** Whether the user's stream holds a profile update made under this correlation id. */
  async hasProfileUpdate(userId: string, correlationId: string): Promise<boolean> {
    const events = await this.store.readStream(userStream(userId));
    return events.some(
      (e) => e.type === 'ProfileUpdated' && e.metadata.correlationId === correlationId,
    );
  }

  /**
   * The photos posted under correlation ids starting with `prefix`: correlation id → photo id. A
   * scan of every PhotoPosted in the log, so only a resumed seed pays for it. Photo ids are
   * allocated by the handler, so unlike the other steps a repeated post would be a second photo.
   */
  async postedPhotos(prefix: string): Promise<Map<string, string>> {
    const posted = new Map<string, string>();
    let after: LogPosition | undefined;
    const deadline = Date.now() + HELD_BACK_PATIENCE_MS;
    for (let backoffMs = 5; ;) {
      const batch: ReadAllBatch = await this.store.readAll({
        after,
        limit: 1000,
        filter: { eventTypes: ['PhotoPosted'] },
      });
      for (const e of batch.events) {
        const correlationId = e.metadata.correlationId;
        if (correlationId?.startsWith(prefix))
          posted.set(correlationId, (e.data as PhotoPosted['data']).photoId);
      }
      after = batch.checkpoint;
      if (!batch.caughtUp) continue;
      // Committed photos may wait behind an older open transaction (the log's read horizon):
      // missing one would post it twice, so wait for them as subscriptions do.
      if (!batch.heldBack) return posted;
      if (Date.now() > deadline)
        throw new FeedctlError(
          'the log stays held back by a long-running transaction; run the seed again once it ends',
          EXIT.unavailable,
        );
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      backoffMs = Math.min(backoffMs * 2, 500);
    }
  }
}

import { CommandExecutor, runDecider } from '@photofeed/command-handling';
import { deletePhotoDecider, postPhotoDecider } from '@photofeed/domain';
import { PostgresEventStore } from '@photofeed/event-store';
import { formatId, parseId, PostgresIdAllocator, shardOf } from '@photofeed/ids';
import { Pool } from 'pg';

/**
 * The test app's event log, seen from the test: read what a request wrote, count events, and put
 * photos in the log directly (the social routes only need PhotoPosted / PhotoDeleted to exist, not
 * an upload through S3).
 */
export class TestLog {
  private readonly pool: Pool;
  readonly store: PostgresEventStore;
  private readonly executor: CommandExecutor;
  private readonly ids: PostgresIdAllocator;

  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
    this.store = new PostgresEventStore({ pool: this.pool });
    this.executor = new CommandExecutor(this.store);
    this.ids = new PostgresIdAllocator(this.pool);
  }

  /**
   * Every event in the log, counted directly: unlike headPosition() it does not depend on the
   * cluster-wide read horizon, which another suite's open transaction can hold back.
   */
  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    return rows[0].n;
  }

  /** A PhotoPosted by `ownerId`, with an id on the owner's shard as the api would allocate. */
  async postPhoto(ownerId: string): Promise<string> {
    const photoId = formatId(await this.ids.next(shardOf(parseId(ownerId))));
    await runDecider(
      { store: this.store, executor: this.executor },
      postPhotoDecider,
      {
        photoId,
        ownerId,
        caption: 'test photo',
        objects: {
          original: `photos/${photoId}/original.jpg`,
          large: `photos/${photoId}/612.jpg`,
          medium: `photos/${photoId}/306.jpg`,
          small: `photos/${photoId}/150.jpg`,
        },
        width: 612,
        height: 612,
        now: new Date(),
      },
      { actorId: ownerId },
    );
    return photoId;
  }

  async deletePhoto(photoId: string, ownerId: string): Promise<void> {
    await runDecider(
      { store: this.store, executor: this.executor },
      deletePhotoDecider,
      { photoId, userId: ownerId, now: new Date() },
      { actorId: ownerId },
    );
  }

  /** An id no allocator has issued in this database (for "unknown photo/user" tests). */
  async unusedId(): Promise<string> {
    return formatId(await this.ids.next(0));
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

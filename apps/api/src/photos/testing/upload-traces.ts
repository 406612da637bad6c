import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { composeId, formatId } from '@photofeed/ids';
import { createS3Client, S3PhotoStorage } from '@photofeed/media';
import { Pool } from 'pg';
import type { ApiConfig } from '../../config';

/** What a test app had written at one moment: events, and the last id issued per shard. */
export interface TraceSnapshot {
  events: number;
  lastIds: Map<number, string>;
}

/**
 * What an upload leaves behind, seen from outside the app: events in its log, and objects in the
 * bucket under the ids its allocator issued. Ids, not a listing of the whole bucket, because other
 * suites share the bucket and would make a count of `photos/` flaky.
 */
export class UploadTraces {
  private readonly pool: Pool;
  private readonly s3: S3Client;
  readonly storage: S3PhotoStorage;

  constructor(private readonly config: ApiConfig) {
    this.pool = new Pool({ connectionString: config.databaseUrl, max: 2 });
    this.s3 = createS3Client({ ...config.s3 });
    this.storage = new S3PhotoStorage(this.s3, config.s3.bucket);
  }

  async snapshot(): Promise<TraceSnapshot> {
    // count(*), not headPosition(): the read horizon is cluster-wide, and another suite's open
    // transaction could hold it back and hide a write.
    const [events, ids] = await Promise.all([
      this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events'),
      this.pool.query<{ shard: number; last_ms: string; last_seq: number }>(
        'SELECT shard, last_ms, last_seq FROM id_allocator',
      ),
    ]);
    const lastIds = new Map(
      ids.rows.map((r) => [
        r.shard,
        formatId(composeId({ ms: Number(r.last_ms), shard: r.shard, sequence: r.last_seq })),
      ]),
    );
    return { events: events.rows[0].n, lastIds };
  }

  /**
   * Events appended and photo ids issued since `before`, with the objects stored under those ids.
   * Each request allocates at most one id per shard, so the last id of a changed shard is it.
   */
  async since(
    before: TraceSnapshot,
  ): Promise<{ events: number; ids: string[]; objects: string[] }> {
    const now = await this.snapshot();
    const ids = [...now.lastIds]
      .filter(([shard, id]) => before.lastIds.get(shard) !== id)
      .map(([, id]) => id);
    const objects = (await Promise.all(ids.map((id) => this.keysUnder(`photos/${id}/`)))).flat();
    return { events: now.events - before.events, ids, objects };
  }

  async keysUnder(prefix: string): Promise<string[]> {
    const listed = await this.s3.send(
      new ListObjectsV2Command({ Bucket: this.config.s3.bucket, Prefix: prefix }),
    );
    return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
  }

  async close(): Promise<void> {
    this.s3.destroy();
    await this.pool.end();
  }
}

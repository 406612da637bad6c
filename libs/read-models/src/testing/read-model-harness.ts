import { PostgresEventStore, type LogPosition } from '@photofeed/event-store';
import { ProjectionRunner, type PostgresProjection } from '@photofeed/projections';
import { migrateShards, ShardMap, ShardRouter } from '@photofeed/shards';
import {
  createTestDatabase,
  createTestShardDatabases,
  type TestDatabase,
  type TestShardDatabases,
} from '@photofeed/testing';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import {
  shardReadModelProjections,
  type ShardReadModelOptions,
} from '../projection/shard-read-model-projection';
import { WriteSide } from './write-side';

const WAIT_MS = 15_000;

/** The view's tables and their keys. */
export const TABLE_KEYS = {
  users: 'user_id',
  photos: 'photo_id',
  photo_likes: 'photo_id, user_id',
  followers: 'user_id, follower_id',
  following: 'user_id, followee_id',
} as const;

/**
 * Everything a read-model test needs, real: a log database with a PostgresEventStore, two physical
 * shard databases with 8 logical shards (0-3 on database 0, 4-7 on database 1), migrated, and the
 * projection runners of both databases.
 */
export class ReadModelHarness {
  readonly writes: WriteSide;
  readonly runners: ProjectionRunner[] = [];

  private constructor(
    private readonly log: TestDatabase,
    readonly store: PostgresEventStore,
    private readonly databases: TestShardDatabases,
    readonly router: ShardRouter,
  ) {
    this.writes = new WriteSide(store);
  }

  static async create(label: string): Promise<ReadModelHarness> {
    const log = await createTestDatabase(label);
    const logPool = log.pool({ max: 6 });
    const store = new PostgresEventStore({
      pool: logPool,
      listenConnectionString: log.url,
      pollIntervalMs: 100,
    });
    const databases = await createTestShardDatabases(2, label);
    const router = new ShardRouter(new ShardMap({ logicalShards: 8, databases: databases.urls }), {
      max: 6,
    });
    await migrateShards(router.map, (db) => router.databasePool(db));
    return new ReadModelHarness(log, store, databases, router);
  }

  /** Starts one runner per physical database; `wrap` may decorate each projection. */
  async start(
    options: ShardReadModelOptions = {},
    batchSize = 100,
    wrap: (p: PostgresProjection) => PostgresProjection = (p) => p,
  ): Promise<void> {
    for (const { pool, projection } of shardReadModelProjections(this.router, options)) {
      const runner = new ProjectionRunner({
        store: this.store,
        pool,
        projection: wrap(projection),
        batchSize,
        retry: { attempts: 2, baseDelayMs: 1 },
        standbyPollMs: 20,
        registry: new Registry(),
      });
      this.runners.push(runner);
      await runner.start();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.splice(0).map((r) => r.stop()));
  }

  /** Both databases' views have reached `position`. */
  async waitFor(position: LogPosition): Promise<void> {
    await Promise.all(this.runners.map((r) => r.waitFor(position, WAIT_MS)));
  }

  /** Rows of one physical database, queried directly (not through the router). */
  onDatabase<T>(databaseIndex: number, sql: string, params: unknown[] = []): Promise<T[]> {
    return this.withClient(databaseIndex, async (c) => (await c.query(sql, params)).rows as T[]);
  }

  /** Every row of the view, per database, `schema.table` → rows in key order. */
  async snapshot(): Promise<Record<string, unknown[]>> {
    const all: Record<string, unknown[]> = {};
    for (const [db] of this.databases.urls.entries())
      await this.withClient(db, async (client) => {
        for (const shard of this.router.map.shardsOn(db))
          for (const [table, order] of Object.entries(TABLE_KEYS)) {
            const name = `${this.router.schemaFor(shard)}.${table}`;
            const { rows } = await client.query(`SELECT * FROM ${name} ORDER BY ${order}`);
            all[`db${db}:${name}`] = rows;
          }
      });
    return all;
  }

  private async withClient<T>(databaseIndex: number, work: (c: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.databases.urls[databaseIndex] });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** Empties the view (rows and checkpoints) on every database, for a rebuild from the start. */
  async truncateViews(): Promise<void> {
    for (const [db] of this.databases.urls.entries()) {
      const tables = this.router.map
        .shardsOn(db)
        .flatMap((s) => Object.keys(TABLE_KEYS).map((t) => `"${this.router.schemaFor(s)}".${t}`));
      await this.onDatabase(
        db,
        `TRUNCATE ${tables.join(', ')}, projection_checkpoints, projection_parked`,
      );
    }
  }

  async drop(): Promise<void> {
    await this.stop();
    await this.store.close();
    await this.router.close();
    await this.databases.drop();
    await this.log.drop();
  }
}

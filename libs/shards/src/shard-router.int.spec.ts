import { composeId } from '@photofeed/ids';
import { createTestShardDatabases, type TestShardDatabases } from '@photofeed/testing';
import { Client } from 'pg';
import { ShardMap } from './shard-map';
import { loadMigrations } from '@photofeed/postgres';
import { migrateShards, SHARD_MIGRATIONS_DIR } from './shard-migrator';
import { ShardRouter } from './shard-router';

/** Queries one physical database directly, bypassing the router, to check where rows landed. */
async function onDatabase<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const idOn = (shard: number, sequence = 0) => composeId({ ms: 1_000, shard, sequence });

describe('ShardRouter over two physical databases', () => {
  let dbs: TestShardDatabases;
  let router: ShardRouter;

  beforeAll(async () => {
    dbs = await createTestShardDatabases(2, 'shard_router');
    router = new ShardRouter(new ShardMap({ logicalShards: 8, databases: dbs.urls }), { max: 4 });
    await migrateShards(router.map, (db) => router.databasePool(db));
  });

  afterAll(async () => {
    await router?.close();
    await dbs?.drop();
  });

  it('creates the users table in all 8 schemas, 4 on each database', async () => {
    const tablesOn = async (url: string) =>
      (
        await onDatabase<{ table_schema: string }>(
          url,
          `SELECT table_schema FROM information_schema.tables
            WHERE table_name = 'users' ORDER BY table_schema`,
        )
      ).map((r) => r.table_schema);
    expect(await tablesOn(dbs.urls[0])).toEqual([0, 1, 2, 3].map((s) => `shard_000${s}`));
    expect(await tablesOn(dbs.urls[1])).toEqual([4, 5, 6, 7].map((s) => `shard_000${s}`));
  });

  it('writes through forId land in the database and schema of the id', async () => {
    const ids = [idOn(1), idOn(6)];
    for (const id of ids) {
      const { pool, schema } = router.forId(id);
      await pool.query(
        `INSERT INTO ${schema}.users (user_id, username, display_name) VALUES ($1, $2, $2)`,
        [id, `u${id}`],
      );
    }
    const usersOn = async (url: string, schema: string) =>
      (await onDatabase<{ user_id: string }>(url, `SELECT user_id FROM ${schema}.users`)).map((r) =>
        BigInt(r.user_id),
      );
    expect(await usersOn(dbs.urls[0], 'shard_0001')).toEqual([ids[0]]);
    expect(await usersOn(dbs.urls[1], 'shard_0006')).toEqual([ids[1]]);
    for (const s of [0, 2, 3]) expect(await usersOn(dbs.urls[0], `shard_000${s}`)).toEqual([]);
    for (const s of [4, 5, 7]) expect(await usersOn(dbs.urls[1], `shard_000${s}`)).toEqual([]);
  });

  it('records migrations per schema, and re-running applies nothing', async () => {
    const every = loadMigrations(SHARD_MIGRATIONS_DIR).map((m) => m.name);
    expect(every.length).toBeGreaterThan(0);
    for (const [i, url] of dbs.urls.entries())
      for (const shard of router.map.shardsOn(i)) {
        const rows = await onDatabase<{ name: string }>(
          url,
          `SELECT name FROM ${router.schemaFor(shard)}.schema_migrations`,
        );
        expect(rows.map((r) => r.name).sort()).toEqual(every);
      }
    const again = await migrateShards(router.map, (db) => router.databasePool(db));
    expect(again.applied.size).toBe(8);
    expect([...again.applied.values()].flat()).toEqual([]);
  });

  it('groups ids by physical database, then schema', () => {
    const ids = [idOn(5), idOn(0), idOn(5, 1), idOn(0), idOn(3)];
    const groups = router.groupByShardDatabase(ids);
    expect(
      groups.map((g) => ({ db: g.databaseIndex, shards: g.shards })).sort((a, b) => a.db - b.db),
    ).toEqual([
      {
        db: 0,
        shards: [
          { schema: 'shard_0000', ids: [idOn(0)] },
          { schema: 'shard_0003', ids: [idOn(3)] },
        ],
      },
      { db: 1, shards: [{ schema: 'shard_0005', ids: [idOn(5), idOn(5, 1)] }] },
    ]);
    expect(groups.find((g) => g.databaseIndex === 1)?.pool).toBe(router.poolFor(5));
  });
});

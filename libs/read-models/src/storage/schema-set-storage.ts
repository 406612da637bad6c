import { migrateShards, type ShardRouter } from '@photofeed/shards';

/**
 * The storage of one version (or scratch copy) of the shard read models: a set of shard schemas
 * (`shard_0042_v2`) on every shard database. Made with the shard migrations, dropped whole.
 */

/** Creates (or brings up to date) every schema of the set, and each database's runtime tables. */
export async function prepareSchemaSet(router: ShardRouter): Promise<void> {
  await migrateShards(router.map, (db) => router.databasePool(db));
}

/** Drops every schema of the set on every database: rows, indexes and migration records. */
export async function dropSchemaSet(router: ShardRouter): Promise<void> {
  await Promise.all(
    router.map.databases.map(async (_url, db) => {
      const pool = router.databasePool(db);
      const schemas = router.map.schemasOn(db);
      // Many schemas per statement (one round trip each), few enough to stay under lock limits.
      for (let i = 0; i < schemas.length; i += 64) {
        const list = schemas
          .slice(i, i + 64)
          .map((s) => `"${s}"`)
          .join(', ');
        await pool.query(`DROP SCHEMA IF EXISTS ${list} CASCADE`);
      }
    }),
  );
}

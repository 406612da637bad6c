/**
 * Applies the SQL migrations: the log database (DATABASE_URL), then every shard schema of every
 * shard database (SHARD_DATABASE_URLS, SHARD_COUNT). Safe to run from several processes at once:
 * an advisory lock per database lets one apply while the others wait.
 */
import { Pool } from 'pg';
import { MIGRATIONS_DIR, migrate } from '../libs/postgres/src';
import { ShardRouter, migrateShards, shardMapFromEnv } from '../libs/shards/src';
import { readModelSchemaSet } from '../libs/read-models/src';
import { ViewVersionStore } from '../libs/views/src';
import { requireEnv } from '../libs/testing/src/services-env';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: requireEnv('DATABASE_URL'), max: 1 });
  let readModelVersions: number[] = [1];
  try {
    const applied = [
      ...(await migrate(pool, MIGRATIONS_DIR.log)).applied,
      ...(await migrate(pool, MIGRATIONS_DIR.projections)).applied,
    ];
    console.log(
      applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date',
    );
    // Every version of the read models that has schemas: active, being built, kept after a switch.
    const v = await new ViewVersionStore(pool).read('read-models');
    readModelVersions = [v.active, v.building, v.retired].filter((x): x is number => x !== null);
  } finally {
    await pool.end();
  }
  const shards = new ShardRouter(shardMapFromEnv(), { max: 1 });
  try {
    for (const version of readModelVersions) {
      const map = shards.map.withSchemaSet(readModelSchemaSet(version));
      const { applied } = await migrateShards(map, (db) => shards.databasePool(db));
      const schemas = [...applied.values()].filter((names) => names.length > 0).length;
      console.log(
        `shard migrations (read models v${version}): ${map.logicalShards} schemas on ${map.databases.length} databases` +
          (schemas ? `, ${schemas} migrated` : ', up to date'),
      );
    }
  } finally {
    await shards.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

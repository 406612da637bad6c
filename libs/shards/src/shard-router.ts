import { shardOf } from '@photofeed/ids';
import { Pool, type PoolConfig } from 'pg';
import type { ShardMap } from './shard-map';

export interface ShardTarget {
  pool: Pool;
  schema: string;
}

/** Ids of one shard schema, for a single `WHERE id = ANY($1)` query against it. */
export interface ShardBatch {
  schema: string;
  ids: bigint[];
}

/** Ids of one physical database, split by schema: one connection, one query per shard. */
export interface DatabaseBatch {
  databaseIndex: number;
  pool: Pool;
  shards: ShardBatch[];
}

/** Where an id's rows live: one pg.Pool per physical database, a schema per logical shard. */
export class ShardRouter {
  private readonly pools: Pool[];

  constructor(
    readonly map: ShardMap,
    poolConfig: PoolConfig | Pool[] = {},
  ) {
    this.pools = Array.isArray(poolConfig)
      ? poolConfig
      : map.databases.map((url) => new Pool({ ...poolConfig, connectionString: url }));
  }

  /**
   * The same databases and pools, naming another set of schemas (a view version's, a scratch
   * copy's). Closing either router closes the shared pools.
   */
  withSchemaSet(schemaSet: string): ShardRouter {
    return new ShardRouter(this.map.withSchemaSet(schemaSet), this.pools);
  }

  poolFor(shard: number): Pool {
    return this.pools[this.map.databaseFor(shard)];
  }

  /** The pool of a physical database by index (migrations, per-database runners). */
  databasePool(databaseIndex: number): Pool {
    const pool = this.pools[databaseIndex];
    if (!pool) throw new RangeError(`no database ${databaseIndex}`);
    return pool;
  }

  schemaFor(shard: number): string {
    return this.map.schemaFor(shard);
  }

  forId(id: bigint): ShardTarget {
    const shard = shardOf(id);
    return { pool: this.poolFor(shard), schema: this.schemaFor(shard) };
  }

  /** Groups ids by physical database, then schema; duplicates are kept once, order is first-seen. */
  groupByShardDatabase(ids: Iterable<bigint>): DatabaseBatch[] {
    const byDb = new Map<number, Map<string, Set<bigint>>>();
    for (const id of ids) {
      const shard = shardOf(id);
      const db = this.map.databaseFor(shard);
      const schema = this.map.schemaFor(shard);
      let schemas = byDb.get(db);
      if (!schemas) byDb.set(db, (schemas = new Map()));
      let set = schemas.get(schema);
      if (!set) schemas.set(schema, (set = new Set()));
      set.add(id);
    }
    return [...byDb].map(([databaseIndex, schemas]) => ({
      databaseIndex,
      pool: this.pools[databaseIndex],
      shards: [...schemas].map(([schema, set]) => ({ schema, ids: [...set] })),
    }));
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.end()));
  }
}

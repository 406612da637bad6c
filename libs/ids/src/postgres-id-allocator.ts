import type { Pool } from 'pg';
import { assertShard, composeId, IDS_PER_MS } from './codec';

/**
 * Hands out ids from `allocate_ids()` (migrations/log/0002_id_allocator.sql): unique across every
 * process that uses the same database, increasing per shard, timed by the database's clock.
 *
 * Each call runs in its own autocommit statement on the pool, so the shard's row lock is held for
 * one statement only. Uses a named prepared statement: behind pgbouncer in transaction mode
 * (< 1.21) point this pool at Postgres directly.
 */
export class PostgresIdAllocator {
  constructor(private readonly pool: Pool) {}

  async next(shard: number): Promise<bigint> {
    const [id] = await this.nextMany(shard, 1);
    return id;
  }

  /** `count` ids of `shard`, in increasing order. More than 1024 take one round trip per 1024. */
  async nextMany(shard: number, count: number): Promise<bigint[]> {
    assertShard(shard);
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
    }
    const ids: bigint[] = [];
    // Sequential, not parallel: each block then starts after the previous one, keeping the whole
    // batch in increasing order.
    for (let left = count; left > 0; left -= IDS_PER_MS) {
      const size = Math.min(left, IDS_PER_MS);
      const { ms, firstSequence } = await this.reserveBlock(shard, size);
      for (let i = 0; i < size; i++)
        ids.push(composeId({ ms, shard, sequence: firstSequence + i }));
    }
    return ids;
  }

  private async reserveBlock(
    shard: number,
    count: number,
  ): Promise<{ ms: number; firstSequence: number }> {
    const { rows } = await this.pool.query<{ ms: string; first_seq: number }>({
      name: 'ids_allocate_ids',
      text: 'SELECT ms, first_seq FROM allocate_ids($1, $2)',
      values: [shard, count],
    });
    // pg returns bigint as a string; ms < 2^40 is exact as a number (composeId checks the range).
    return { ms: Number(rows[0].ms), firstSequence: rows[0].first_seq };
  }
}

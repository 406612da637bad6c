import { Client, Pool } from 'pg';
import { MIGRATIONS_DIR, migrate, quoteIdent } from '@photofeed/postgres';
import { withDatabase } from './env';

export interface BenchDatabase {
  name: string;
  url: string;
  /** Runs one statement on the bench database (its own short-lived session). */
  exec(sql: string): Promise<void>;
  /** Exact row count of a table. */
  count(table: string): Promise<number>;
  /** WAL written and transaction ids assigned so far, server-wide: diff two probes to see a run's cost. */
  probe(): Promise<Probe>;
}

export interface Probe {
  walBytes: bigint;
  nextXid: bigint;
}

async function onDatabase<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * `photofeed_bench_<name>`, from scratch: dropped (open sessions included) and created again, then
 * migrated with the project's log (and projection runtime) migrations. Every run starts from the same empty state.
 */
export async function freshBenchDatabase(serverUrl: string, bench: string): Promise<BenchDatabase> {
  const name = quoteIdent(`photofeed_bench_${bench}`).slice(1, -1);
  await onDatabase(withDatabase(serverUrl, 'postgres'), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const url = withDatabase(serverUrl, name);
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await migrate(pool, MIGRATIONS_DIR.log);
    await migrate(pool, MIGRATIONS_DIR.projections);
  } finally {
    await pool.end();
  }
  return {
    name,
    url,
    exec: (sql) => onDatabase(url, async (c) => void (await c.query(sql))),
    count: (table) =>
      onDatabase(url, async (c) => {
        const { rows } = await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${quoteIdent(table)}`,
        );
        return Number(rows[0].n);
      }),
    probe: () =>
      onDatabase(url, async (c) => {
        // pg_snapshot_xmax: the next xid to be assigned, read without taking one.
        const { rows } = await c.query<{ wal: string; xid: string }>(
          `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal,
                  pg_snapshot_xmax(pg_current_snapshot())::text AS xid`,
        );
        return { walBytes: BigInt(rows[0].wal), nextXid: BigInt(rows[0].xid) };
      }),
  };
}

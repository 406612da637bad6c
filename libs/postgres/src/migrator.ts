import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';

/** A numbered SQL file: `0001_events.sql`. Applied once, in order, each in its own transaction. */
interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16) };
    });
}

/** Advisory lock key (two-int form) so concurrent starters apply migrations once. */
const MIGRATION_LOCK = [0x6d696772, 1] as const;

/**
 * Applies the migrations of `dir` to the schema `schema` (created if missing), recording each in
 * `<schema>.schema_migrations`. A changed file that already ran is an error, not a silent skip.
 */
export async function migrate(
  pool: Pool,
  dir: string,
  schema = 'public',
): Promise<{ applied: string[] }> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.schema_migrations (
           name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Map<string, string>(
        (
          await client.query<{ name: string; checksum: string }>(
            `SELECT name, checksum FROM ${quoteIdent(schema)}.schema_migrations`,
          )
        ).rows.map((r) => [r.name, r.checksum]),
      );
      for (const m of loadMigrations(dir)) {
        const ran = done.get(m.name);
        if (ran !== undefined) {
          if (ran !== m.checksum)
            throw new Error(`migration ${m.name} changed after it ran (${ran} → ${m.checksum})`);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}, public`);
          await client.query(m.sql);
          await client.query(
            `INSERT INTO ${quoteIdent(schema)}.schema_migrations (name, checksum) VALUES ($1, $2)`,
            [m.name, m.checksum],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return { applied };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

import type { ShardRouter } from '@photofeed/shards';
import type { Pool } from 'pg';

/** Every table of a shard schema (migrations/shard), and the columns that are not from the log. */
const TABLES = ['users', 'photos', 'photo_likes', 'followers', 'following'] as const;
/** Written with now() when the row is applied: differs between any two builds of the same log. */
const NOT_FROM_THE_LOG = new Set(['updated_at']);
const SAMPLES = 3;
/** Schemas compared per round trip. */
const SCHEMAS_PER_QUERY = 16;

export interface SchemaSetDifferences {
  count: number;
  samples: { part: string; detail: string }[];
  tables: number;
}

/**
 * Row-by-row differences between two schema sets of the same layout (a live version and its
 * scratch rebuild): per table, rows only in `a` and rows only in `b` (EXCEPT ALL, so duplicate
 * counts matter), with a few samples. Both must be at the same log position.
 */
export async function compareSchemaSets(
  a: ShardRouter,
  b: ShardRouter,
): Promise<SchemaSetDifferences> {
  const result: SchemaSetDifferences = { count: 0, samples: [], tables: 0 };
  await Promise.all(
    a.map.databases.map(async (_url, db) => {
      const pool = a.databasePool(db);
      const columns = await tableColumns(pool, a.map.schemasOn(db)[0]);
      const pairs = a.map.schemasOn(db).map((schema, i) => [schema, b.map.schemasOn(db)[i]]);
      for (let i = 0; i < pairs.length; i += SCHEMAS_PER_QUERY) {
        const parts = pairs
          .slice(i, i + SCHEMAS_PER_QUERY)
          .flatMap(([sa, sb]) =>
            TABLES.flatMap((t) => [
              diffQuery(sa, sb, t, columns[t]),
              diffQuery(sb, sa, t, columns[t]),
            ]),
          );
        // Rows as jsonb text: Postgres prints 64-bit ids exactly (a parsed JSON number would not).
        const { rows } = await pool.query<{ part: string; n: number; sample: string[] | null }>(
          parts.join('\nUNION ALL\n'),
        );
        result.tables += parts.length / 2;
        for (const row of rows) {
          if (row.n === 0) continue;
          result.count += row.n;
          for (const sample of row.sample ?? [])
            if (result.samples.length < 10) result.samples.push({ part: row.part, detail: sample });
        }
      }
    }),
  );
  return result;
}

function diffQuery(from: string, minus: string, table: string, columns: string[]): string {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const part = `only in ${from}.${table}`;
  return `(SELECT '${part}' AS part, count(*)::int AS n,
            (array_agg(to_jsonb(d)::text))[1:${SAMPLES}] AS sample
       FROM (SELECT ${cols} FROM "${from}"."${table}"
             EXCEPT ALL SELECT ${cols} FROM "${minus}"."${table}") d)`;
}

async function tableColumns(pool: Pool, schema: string): Promise<Record<string, string[]>> {
  const { rows } = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = ANY($2) ORDER BY table_name, ordinal_position`,
    [schema, [...TABLES]],
  );
  const columns: Record<string, string[]> = {};
  for (const t of TABLES) columns[t] = [];
  for (const r of rows)
    if (!NOT_FROM_THE_LOG.has(r.column_name)) columns[r.table_name].push(r.column_name);
  for (const t of TABLES)
    if (columns[t].length === 0) throw new Error(`${schema}.${t} has no columns: not migrated?`);
  return columns;
}

/**
 * Applies the SQL migrations to the log database (DATABASE_URL). Safe to run from several
 * processes at once: an advisory lock lets one apply while the others wait.
 */
import { Pool } from 'pg';
import { MIGRATIONS_DIR, migrate } from '../libs/postgres/src';
import { requireEnv } from '../libs/testing/src/services-env';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: requireEnv('DATABASE_URL'), max: 1 });
  try {
    const { applied } = await migrate(pool, MIGRATIONS_DIR.log);
    console.log(
      applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date',
    );
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

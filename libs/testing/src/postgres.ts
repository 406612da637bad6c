import { randomBytes } from 'node:crypto';
import { Client, Pool, type PoolConfig } from 'pg';
// Relative, not the alias: jest's globalSetup loads this file without moduleNameMapper.
import { MIGRATIONS_DIR, loadMigrations, migrate } from '../../postgres/src';
import { createHash } from 'node:crypto';
import { requireEnv } from './services-env';

/**
 * Real Postgres for tests, immich-style: migrations run once into a template database, and each
 * test suite gets its own database cloned from it (a few ms), so suites never see each other's rows.
 */

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The template's name carries a hash of the migrations, so a changed migration makes a new one. */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const dir of [MIGRATIONS_DIR.log, MIGRATIONS_DIR.projections])
    for (const m of loadMigrations(dir)) hash.update(m.name).update(m.checksum);
  return `photofeed_template_${hash.digest('hex').slice(0, 12)}`;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    connectionString: withDatabase(requireEnv('DATABASE_URL'), 'postgres'),
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the migrated template if it does not exist yet. Called from jest's global setup. */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateName();
  const exists = await admin(
    async (c) =>
      (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
  );
  if (exists) return name;
  const building = `${name}_building_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${building}`));
  const pool = new Pool({
    connectionString: withDatabase(requireEnv('DATABASE_URL'), building),
    max: 1,
  });
  try {
    await migrate(pool, MIGRATIONS_DIR.log);
    await migrate(pool, MIGRATIONS_DIR.projections);
  } finally {
    await pool.end();
  }
  // Rename into place: a concurrent builder loses the race harmlessly.
  await admin(async (c) => {
    try {
      await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      await c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
    } catch {
      await c.query(`DROP DATABASE IF EXISTS ${building}`);
    }
  });
  return name;
}

/**
 * Postgres refuses to copy a template while another session is connected to it (55006), which
 * happens for a moment while another jest process builds or checks it: retry briefly.
 */
async function cloneTemplate(name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  pool(config?: PoolConfig): Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own. Call `drop()` in afterAll. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const template = await ensureTemplateDatabase();
  const name = `${label.replace(/[^a-z0-9_]/g, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  await cloneTemplate(name, template);
  const url = withDatabase(requireEnv('DATABASE_URL'), name);
  const pools: Pool[] = [];
  return {
    url,
    name,
    pool(config = {}) {
      const p = new Pool({ connectionString: url, ...config });
      // pg-pool's end() resolves before its connections have closed, so drop()'s FORCE may end one
      // mid-close (57P01): without a listener that error would fail the suite after its tests.
      p.on('error', () => undefined);
      pools.push(p);
      return p;
    },
    async drop() {
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

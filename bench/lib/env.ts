import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadServicesEnv, requireEnv } from '@photofeed/testing';

const ROOT = join(__dirname, '..', '..');

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** True when the server behind DATABASE_URL answers (checked on its `postgres` database). */
async function reachable(url: string): Promise<boolean> {
  const client = new Client({
    connectionString: withDatabase(url, 'postgres'),
    connectionTimeoutMillis: 3_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Makes sure Postgres is up: when DATABASE_URL (env or `.services/env`) does not answer, runs
 * `bash scripts/services.sh up` (its output goes to stderr) and checks again. Returns DATABASE_URL.
 */
export async function ensureServices(): Promise<string> {
  loadServicesEnv();
  if (process.env.DATABASE_URL && (await reachable(process.env.DATABASE_URL)))
    return process.env.DATABASE_URL;
  process.stderr.write('[bench] Postgres not reachable: running scripts/services.sh up\n');
  const up = spawnSync('bash', [join(ROOT, 'scripts', 'services.sh'), 'up'], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  if (up.status !== 0) throw new Error(`scripts/services.sh up failed (exit ${up.status})`);
  loadServicesEnv();
  const url = requireEnv('DATABASE_URL');
  if (!(await reachable(url)))
    throw new Error(`Postgres at ${url} is still not reachable after services.sh up`);
  return url;
}

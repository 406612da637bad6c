import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadServicesEnv, requireEnv } from './services-env';

/**
 * Fresh, empty physical databases for shard tests, so suites never share shard rows. Database i
 * goes on the server of the i-th configured shard URL (round-robin over `SHARD_DATABASE_URLS`,
 * else `DATABASE_URL`): with one local server, "physical databases" are separate databases on it.
 */
export interface TestShardDatabases {
  urls: string[];
  drop(): Promise<void>;
}

function serverUrls(): string[] {
  loadServicesEnv();
  const listed = (process.env.SHARD_DATABASE_URLS ?? '').split(',').map((u) => u.trim());
  const urls = listed.filter((u) => u !== '');
  return urls.length > 0 ? urls : [requireEnv('DATABASE_URL')];
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestShardDatabases(
  n: number,
  label = 'shards',
): Promise<TestShardDatabases> {
  const servers = serverUrls();
  const prefix = `${label.replace(/[^a-z0-9_]/g, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const created: { server: string; name: string }[] = [];
  const drop = async () => {
    await Promise.all(
      created.map(({ server, name }) =>
        onServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ),
    );
  };
  try {
    for (let i = 0; i < n; i++) {
      const server = servers[i % servers.length];
      const name = `${prefix}_${i}`;
      await onServer(server, `CREATE DATABASE ${name}`);
      created.push({ server, name });
    }
  } catch (err) {
    await drop();
    throw err;
  }
  return { urls: created.map(({ server, name }) => withDatabase(server, name)), drop };
}

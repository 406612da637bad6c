import type { Pool } from 'pg';
import type { ViewClients } from '../view-context';

/** A database holding projection checkpoints (and parked events): the log's, or a shard's. */
export interface ViewDatabase {
  /** `log` or `shard<i>`. */
  name: string;
  pool: Pool;
}

/**
 * Every database holding views: the log database (Redis views keep their checkpoints there) and
 * each shard database, once each: a shard database may be the log database itself.
 */
export function viewDatabases(clients: ViewClients): ViewDatabase[] {
  const { logPool, shards } = clients;
  const logUrl = (logPool as unknown as { options: { connectionString?: string } }).options
    .connectionString;
  return [
    { name: 'log', pool: logPool },
    ...shards.map.databases
      .map((url, i) => ({ url, name: `shard${i}`, pool: shards.databasePool(i) }))
      .filter((d) => !logUrl || !sameDatabase(d.url, logUrl))
      .map(({ name, pool }) => ({ name, pool })),
  ];
}

/** Same server and database, whatever the credentials or options in the URLs. */
function sameDatabase(a: string, b: string): boolean {
  const key = (url: string) => {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  };
  try {
    return key(a) === key(b);
  } catch {
    return a === b;
  }
}

import { join } from 'node:path';

/**
 * SQL migrations, by target: `log` for the event-log database; `projections` (the runtime's
 * checkpoint and parked tables) for every database that holds a view: the log database and each
 * shard database. Shard schemas have their own (libs/shards).
 */
export const MIGRATIONS_DIR = {
  log: join(__dirname, '..', '..', '..', 'migrations', 'log'),
  projections: join(__dirname, '..', '..', '..', 'migrations', 'projections'),
} as const;

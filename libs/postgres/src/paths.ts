import { join } from 'node:path';

/** SQL migrations, by target: `log` for the event-log database. */
export const MIGRATIONS_DIR = {
  log: join(__dirname, '..', '..', '..', 'migrations', 'log'),
} as const;

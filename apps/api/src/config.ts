/**
 * The api's configuration, read from the environment once at start. Every problem is collected
 * before failing, so one failed start tells the operator everything that is wrong.
 */
export interface ApiConfig {
  /** Postgres for queries and commands; in the compose stack this goes through pgbouncer. */
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
}

export class InvalidConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidConfigError';
  }
}

const DEFAULT_PORT = 3000;
// Loopback by default so a developer's api is not reachable from the network by accident;
// containers set HOST=0.0.0.0.
const DEFAULT_HOST = '127.0.0.1';

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const problems: string[] = [];

  const databaseUrl = env.DATABASE_URL?.trim() ?? '';
  if (!databaseUrl) {
    problems.push('DATABASE_URL is required (e.g. postgres://user:password@host:5432/photofeed)');
  } else if (!isPostgresUrl(databaseUrl)) {
    // The value is not echoed: it may carry a password.
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const rawPort = env.PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }

  const host = env.HOST?.trim() || DEFAULT_HOST;

  if (problems.length > 0) throw new InvalidConfigError(problems);
  return { databaseUrl, host, port };
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

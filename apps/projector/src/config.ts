import { shardMapFromEnv, type ShardMap } from '@photofeed/shards';
import type { ViewSettings } from '@photofeed/views';

/**
 * The projector's configuration, read from the environment once at start. Every problem is
 * collected before failing; values that may hold a secret (URLs) are never echoed.
 */
export interface ProjectorConfig {
  /** The event log (and the checkpoints of views kept outside Postgres, e.g. Redis). */
  readonly databaseUrl: string;
  /** Straight to Postgres for LISTEN, when DATABASE_URL goes through pgbouncer. */
  readonly databaseDirectUrl: string;
  readonly shards: ShardMap;
  readonly redisUrl: string;
  /** `host:port,host:port`: the document cache the shard views write through. */
  readonly memcachedServers: string;
  /** Key prefix and feed settings: must match the api's (same variables, same defaults). */
  readonly views: ViewSettings;
  /** GET /metrics and GET /health. */
  readonly host: string;
  readonly port: number;
  /** Events per batch (one transaction of the view's database each). */
  readonly batchSize: number;
}

export class InvalidProjectorConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidProjectorConfigError';
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const problems: string[] = [];
  const text = (name: string) => env[name]?.trim() || undefined;
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max)
      problems.push(`${name} must be an integer in ${min}..${max}`);
    return value;
  };

  const databaseUrl = text('DATABASE_URL') ?? '';
  if (!POSTGRES_URL.test(databaseUrl))
    problems.push('DATABASE_URL must be set to a postgres:// or postgresql:// URL');
  const databaseDirectUrl = text('DATABASE_DIRECT_URL') ?? databaseUrl;
  if (!POSTGRES_URL.test(databaseDirectUrl))
    problems.push('DATABASE_DIRECT_URL must be a postgres:// or postgresql:// URL');
  const redisUrl = text('REDIS_URL') ?? '';
  if (!/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must be set to a redis:// or rediss:// URL');
  let shards: ShardMap | undefined;
  try {
    shards = shardMapFromEnv(env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  const config = {
    databaseUrl,
    databaseDirectUrl,
    shards: shards!,
    redisUrl,
    memcachedServers: text('MEMCACHED_SERVERS') ?? '',
    views: {
      keyPrefix: text('VIEW_KEY_PREFIX') ?? '',
      feed: {
        capacity: integer('FEED_CAPACITY', 800, 1, 10_000),
        celebrityFollowers: integer('FEED_CELEBRITY_FOLLOWERS', 100_000, 1, 1_000_000_000),
        inactiveAfterMs: integer('FEED_INACTIVE_AFTER_DAYS', 30, 1, 3650) * 86_400_000,
      },
    },
    host: text('PROJECTOR_HOST') ?? '127.0.0.1',
    port: integer('PROJECTOR_PORT', 3001, 0, 65535),
    batchSize: integer('PROJECTOR_BATCH_SIZE', 500, 1, 10_000),
  };
  if (!config.memcachedServers)
    problems.push('MEMCACHED_SERVERS must be set (e.g. 127.0.0.1:11211)');
  if (problems.length > 0) throw new InvalidProjectorConfigError(problems);
  return config;
}

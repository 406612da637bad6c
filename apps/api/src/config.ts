/**
 * The api's configuration, read from the environment once at start. Every problem is collected
 * before failing, so one failed start tells the operator everything that is wrong. Values that may
 * hold a secret (URLs with passwords, keys, tokens) are never echoed in a message.
 *
 * Feature modules read it through Nest: `@Inject(API_CONFIG) config: ApiConfig`.
 */
export const API_CONFIG = Symbol('API_CONFIG');

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RateLimitRule {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface ApiConfig {
  /** Postgres for queries and commands; in the compose stack this goes through pgbouncer. */
  readonly databaseUrl: string;
  /**
   * Straight to Postgres, for what needs a session of its own (LISTEN); set when DATABASE_URL goes
   * through pgbouncer in transaction mode. Defaults to DATABASE_URL.
   */
  readonly databaseDirectUrl: string;
  readonly host: string;
  readonly port: number;
  /**
   * Fastify's `trustProxy`: whether (or which hops) to believe X-Forwarded-For for the client's IP.
   * Behind nginx set it, or every client shares nginx's IP and its rate limit.
   */
  readonly trustProxy: boolean | number | string;
  readonly redisUrl: string;
  readonly s3: {
    /** Absent: AWS itself. Set for S3-compatible servers (s3rver, MinIO). */
    readonly endpoint?: string;
    readonly region: string;
    readonly bucket: string;
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    /** `endpoint/bucket/key` addressing, which S3-compatible servers need; true with an endpoint. */
    readonly forcePathStyle: boolean;
  };
  /** Where clients fetch photos from; no trailing slash. */
  readonly cdnBaseUrl: string;
  readonly auth: {
    readonly jwtSecret: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
  };
  readonly limits: {
    /** Fastify's bodyLimit: JSON (and any non-multipart) request bodies. */
    readonly jsonBodyBytes: number;
    /** One uploaded file (multipart). */
    readonly uploadMaxBytes: number;
  };
  readonly rateLimit: {
    /** Every request, keyed by client IP. */
    readonly perIp: RateLimitRule;
    /** Authenticated requests, keyed by user id (several users may share an IP behind a NAT). */
    readonly perUser: RateLimitRule;
  };
  readonly logLevel: LogLevel;
  /** Logical shards: ids carry 13 bits of shard, so at most 8192. Fixed for the life of the data. */
  readonly shardCount: number;
  /** Bearer token for operator-only routes; absent = those routes are closed. */
  readonly operatorToken?: string;
  readonly reads: ReadSideConfig;
}

/** The read side: where the views live and how queries wait for them. */
export interface ReadSideConfig {
  /** One URL per physical shard database (SHARD_DATABASE_URLS); default DATABASE_URL. */
  readonly shardDatabaseUrls: readonly string[];
  /** memcached `host:port` list (comma-separated) in front of the shard read models. */
  readonly memcachedServers: string;
  /** Before every Redis view key and cache key: lets tests (or tenants) share one server. */
  readonly keyPrefix: string;
  /** `inline`: this process also runs every projection (development's all-in-one mode). */
  readonly projector: 'inline' | 'external';
  /** How long a query carrying a log position waits for its views before answering anyway. */
  readonly maxWaitMs: number;
  readonly feed: {
    readonly capacity: number;
    readonly celebrityFollowers: number;
    readonly inactiveAfterMs: number;
  };
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
const MIN_JWT_SECRET_LENGTH = 32;
const MIN_OPERATOR_TOKEN_LENGTH = 24;
const MAX_SHARDS = 8192; // 13 bits of the id
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const databaseUrl = read.required(
    'DATABASE_URL',
    'e.g. postgres://user:password@host:5432/photofeed',
  );
  if (databaseUrl && !isUrl(databaseUrl, ['postgres:', 'postgresql:'])) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const port = read.integer('PORT', DEFAULT_PORT, 0, 65535);
  const host = read.optional('HOST') ?? DEFAULT_HOST;
  const trustProxy = parseTrustProxy(read.optional('TRUST_PROXY'), problems);

  const redisUrl = read.required('REDIS_URL', 'e.g. redis://127.0.0.1:6379');
  if (redisUrl && !isUrl(redisUrl, ['redis:', 'rediss:'])) {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }

  const s3Endpoint = read.optional('S3_ENDPOINT')?.replace(/\/+$/, '');
  if (s3Endpoint && !isUrl(s3Endpoint, ['http:', 'https:'])) {
    problems.push('S3_ENDPOINT must be an http:// or https:// URL (or unset for AWS)');
  }
  const s3Region = read.optional('S3_REGION') ?? 'us-east-1';
  const s3Bucket = read.required('S3_BUCKET', 'the bucket photos are stored in');
  const s3AccessKeyId = read.required('S3_ACCESS_KEY_ID');
  const s3SecretAccessKey = read.required('S3_SECRET_ACCESS_KEY');
  const forcePathStyle = read.boolean('S3_FORCE_PATH_STYLE', s3Endpoint !== undefined);

  const cdnBaseUrl = (
    read.optional('CDN_BASE_URL') ??
    (s3Endpoint ? `${s3Endpoint}/${s3Bucket}` : `https://${s3Bucket}.s3.${s3Region}.amazonaws.com`)
  ).replace(/\/+$/, '');
  if (!isUrl(cdnBaseUrl, ['http:', 'https:'])) {
    problems.push('CDN_BASE_URL must be an http:// or https:// URL');
  }

  const jwtSecret = read.required(
    'JWT_SECRET',
    `at least ${MIN_JWT_SECRET_LENGTH} characters; bin/start exports a random one for development`,
  );
  if (jwtSecret && jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    problems.push(`JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters long`);
  }
  const accessTokenTtlSeconds = read.integer('JWT_ACCESS_TTL_SECONDS', 900, 1, 86_400);
  const refreshTokenTtlSeconds = read.integer('REFRESH_TTL_SECONDS', 30 * 86_400, 60, 365 * 86_400);

  const jsonBodyBytes = read.integer('JSON_BODY_LIMIT_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024);
  const uploadMaxBytes = read.integer(
    'UPLOAD_MAX_BYTES',
    15 * 1024 * 1024,
    1024,
    256 * 1024 * 1024,
  );

  const perIp = {
    limit: read.integer('RATE_LIMIT_IP_LIMIT', 600, 1, 10_000_000),
    windowSeconds: read.integer('RATE_LIMIT_IP_WINDOW_SECONDS', 60, 1, 86_400),
  };
  const perUser = {
    limit: read.integer('RATE_LIMIT_USER_LIMIT', 300, 1, 10_000_000),
    windowSeconds: read.integer('RATE_LIMIT_USER_WINDOW_SECONDS', 60, 1, 86_400),
  };

  const logLevel = (read.optional('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const databaseDirectUrl = read.optional('DATABASE_DIRECT_URL') ?? databaseUrl;
  if (databaseDirectUrl && !isUrl(databaseDirectUrl, ['postgres:', 'postgresql:'])) {
    problems.push('DATABASE_DIRECT_URL must be a postgres:// or postgresql:// URL');
  }

  const shardCount = read.integer('SHARD_COUNT', 2048, 1, MAX_SHARDS);

  const operatorToken = read.optional('OPERATOR_TOKEN');
  if (operatorToken !== undefined && operatorToken.length < MIN_OPERATOR_TOKEN_LENGTH) {
    problems.push(`OPERATOR_TOKEN must be at least ${MIN_OPERATOR_TOKEN_LENGTH} characters long`);
  }

  const reads = readSideConfig(read, problems, databaseUrl);

  if (problems.length > 0) throw new InvalidConfigError(problems);
  return deepFreeze({
    databaseUrl,
    databaseDirectUrl,
    host,
    port,
    trustProxy,
    redisUrl,
    s3: {
      ...(s3Endpoint ? { endpoint: s3Endpoint } : {}),
      region: s3Region,
      bucket: s3Bucket,
      accessKeyId: s3AccessKeyId,
      secretAccessKey: s3SecretAccessKey,
      forcePathStyle,
    },
    cdnBaseUrl,
    auth: { jwtSecret, accessTokenTtlSeconds, refreshTokenTtlSeconds },
    limits: { jsonBodyBytes, uploadMaxBytes },
    rateLimit: { perIp, perUser },
    logLevel,
    shardCount,
    ...(operatorToken ? { operatorToken } : {}),
    reads,
  });
}

const DAY_MS = 86_400_000;

function readSideConfig(read: EnvReader, problems: string[], databaseUrl: string): ReadSideConfig {
  const listed = (read.optional('SHARD_DATABASE_URLS') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  const shardDatabaseUrls = listed.length > 0 ? listed : [databaseUrl];
  if (listed.some((u) => !isUrl(u, ['postgres:', 'postgresql:'])))
    problems.push('SHARD_DATABASE_URLS must be comma-separated postgres:// URLs');
  const projector = read.optional('PROJECTOR') ?? 'external';
  if (projector !== 'inline' && projector !== 'external')
    problems.push(`PROJECTOR must be inline or external, got "${projector}"`);
  const memcachedServers = read.required('MEMCACHED_SERVERS', 'e.g. 127.0.0.1:11211');
  return {
    shardDatabaseUrls,
    memcachedServers,
    keyPrefix: read.optional('VIEW_KEY_PREFIX') ?? '',
    projector: projector === 'inline' ? 'inline' : 'external',
    maxWaitMs: read.integer('READ_MAX_WAIT_MS', 2_000, 0, 30_000),
    feed: {
      capacity: read.integer('FEED_CAPACITY', 800, 1, 10_000),
      celebrityFollowers: read.integer('FEED_CELEBRITY_FOLLOWERS', 100_000, 1, 1_000_000_000),
      inactiveAfterMs: read.integer('FEED_INACTIVE_AFTER_DAYS', 30, 1, 3650) * DAY_MS,
    },
  };
}

/** Reads variables, recording problems instead of throwing. Blank counts as unset. */
class EnvReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly problems: string[],
  ) {}

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  required(name: string, hint?: string): string {
    const value = this.optional(name);
    if (value === undefined) this.problems.push(`${name} is required${hint ? ` (${hint})` : ''}`);
    return value ?? '';
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }
}

/** TRUST_PROXY: true/false, a hop count, or a comma-separated list of addresses/CIDRs. */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[0-9a-fA-F.:/,\s]+$/.test(raw)) return raw;
  problems.push(
    `TRUST_PROXY must be true, false, a hop count or a list of addresses, got "${raw}"`,
  );
  return false;
}

function isUrl(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}

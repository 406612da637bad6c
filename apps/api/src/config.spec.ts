import { InvalidConfigError, loadApiConfig } from './config';

describe('loadApiConfig', () => {
  const DATABASE_URL = 'postgres://app:secret@db.internal:5432/photofeed';
  const JWT_SECRET = 'a-development-secret-of-at-least-32-chars';
  const BASE = {
    DATABASE_URL,
    REDIS_URL: 'redis://127.0.0.1:6379',
    S3_BUCKET: 'photos',
    S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    S3_SECRET_ACCESS_KEY: 's3-super-secret',
    JWT_SECRET,
    MEMCACHED_SERVERS: '127.0.0.1:11211',
  };

  it('applies defaults to everything optional', () => {
    expect(loadApiConfig(BASE)).toEqual({
      databaseUrl: DATABASE_URL,
      databaseDirectUrl: DATABASE_URL,
      host: '127.0.0.1',
      port: 3000,
      trustProxy: false,
      redisUrl: 'redis://127.0.0.1:6379',
      s3: {
        region: 'us-east-1',
        bucket: 'photos',
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 's3-super-secret',
        forcePathStyle: false,
      },
      cdnBaseUrl: 'https://photos.s3.us-east-1.amazonaws.com',
      auth: { jwtSecret: JWT_SECRET, accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2592000 },
      limits: { jsonBodyBytes: 65536, uploadMaxBytes: 15728640 },
      rateLimit: {
        perIp: { limit: 600, windowSeconds: 60 },
        perUser: { limit: 300, windowSeconds: 60 },
      },
      logLevel: 'info',
      shardCount: 2048,
      reads: {
        shardDatabaseUrls: [BASE.DATABASE_URL],
        memcachedServers: BASE.MEMCACHED_SERVERS,
        keyPrefix: '',
        projector: 'external',
        maxWaitMs: 2000,
        feed: { capacity: 800, celebrityFollowers: 100_000, inactiveAfterMs: 30 * 86_400_000 },
      },
    });
  });

  it('reads every setting', () => {
    const config = loadApiConfig({
      ...BASE,
      PORT: '8080',
      HOST: '0.0.0.0',
      TRUST_PROXY: '1',
      S3_ENDPOINT: 'http://127.0.0.1:4569/',
      S3_REGION: 'eu-west-1',
      JWT_ACCESS_TTL_SECONDS: '60',
      REFRESH_TTL_SECONDS: '3600',
      JSON_BODY_LIMIT_BYTES: '2048',
      UPLOAD_MAX_BYTES: '1048576',
      RATE_LIMIT_IP_LIMIT: '10',
      RATE_LIMIT_IP_WINDOW_SECONDS: '1',
      RATE_LIMIT_USER_LIMIT: '5',
      RATE_LIMIT_USER_WINDOW_SECONDS: '2',
      LOG_LEVEL: 'silent',
      SHARD_COUNT: '8192',
      OPERATOR_TOKEN: 'operator-token-long-enough-1234',
      SHARD_DATABASE_URLS: 'postgres://a/x, postgres://b/y',
      MEMCACHED_SERVERS: '10.0.0.1:11211,10.0.0.2:11211',
      VIEW_KEY_PREFIX: 'tenant1:',
      PROJECTOR: 'inline',
      READ_MAX_WAIT_MS: '500',
      FEED_CAPACITY: '400',
      FEED_CELEBRITY_FOLLOWERS: '5000',
      FEED_INACTIVE_AFTER_DAYS: '7',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      trustProxy: 1,
      s3: { endpoint: 'http://127.0.0.1:4569', region: 'eu-west-1', forcePathStyle: true },
      auth: { accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 3600 },
      limits: { jsonBodyBytes: 2048, uploadMaxBytes: 1048576 },
      rateLimit: {
        perIp: { limit: 10, windowSeconds: 1 },
        perUser: { limit: 5, windowSeconds: 2 },
      },
      logLevel: 'silent',
      shardCount: 8192,
      operatorToken: 'operator-token-long-enough-1234',
      reads: {
        shardDatabaseUrls: ['postgres://a/x', 'postgres://b/y'],
        memcachedServers: '10.0.0.1:11211,10.0.0.2:11211',
        keyPrefix: 'tenant1:',
        projector: 'inline',
        maxWaitMs: 500,
        feed: { capacity: 400, celebrityFollowers: 5000, inactiveAfterMs: 7 * 86_400_000 },
      },
    });
  });

  it('defaults the CDN base to the S3 endpoint and bucket when an endpoint is set', () => {
    const config = loadApiConfig({ ...BASE, S3_ENDPOINT: 'http://127.0.0.1:4569' });
    expect(config.cdnBaseUrl).toBe('http://127.0.0.1:4569/photos');
    expect(loadApiConfig({ ...BASE, CDN_BASE_URL: 'https://cdn.example.com/p/' }).cdnBaseUrl).toBe(
      'https://cdn.example.com/p',
    );
  });

  it('is frozen, so no module can change what another reads', () => {
    const config = loadApiConfig(BASE);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.rateLimit.perIp)).toBe(true);
  });

  it('lists every problem at once', () => {
    const error = captureError(() => loadApiConfig({ PORT: '80a' }));
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).problems).toEqual([
      expect.stringContaining('DATABASE_URL is required'),
      'PORT must be an integer from 0 to 65535, got "80a"',
      expect.stringContaining('REDIS_URL is required'),
      expect.stringContaining('S3_BUCKET is required'),
      'S3_ACCESS_KEY_ID is required',
      'S3_SECRET_ACCESS_KEY is required',
      expect.stringContaining('JWT_SECRET is required'),
      expect.stringContaining('MEMCACHED_SERVERS is required'),
    ]);
    expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}- DATABASE_URL/);
    expect((error as Error).message).toContain('bin/start exports a random one');
  });

  it.each(['-1', '65536', '3000.5', 'abc'])('rejects PORT=%j', (PORT) => {
    expect(() => loadApiConfig({ ...BASE, PORT })).toThrow(/PORT must be an integer/);
  });

  it('treats a blank PORT as unset', () => {
    expect(loadApiConfig({ ...BASE, PORT: ' ' }).port).toBe(3000);
  });

  it.each([
    [{ SHARD_COUNT: '8193' }, /SHARD_COUNT must be an integer from 1 to 8192/],
    [{ SHARD_COUNT: '0' }, /SHARD_COUNT must be an integer from 1 to 8192/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be/],
    [{ UPLOAD_MAX_BYTES: '15MB' }, /UPLOAD_MAX_BYTES must be an integer/],
    [{ S3_ENDPOINT: 'ftp://files' }, /S3_ENDPOINT must be an http/],
    [{ S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE must be true or false/],
    [{ RATE_LIMIT_USER_LIMIT: '0' }, /RATE_LIMIT_USER_LIMIT must be an integer from 1/],
    [{ PROJECTOR: 'both' }, /PROJECTOR must be inline or external/],
    [{ SHARD_DATABASE_URLS: 'postgres://a/x,redis://b' }, /SHARD_DATABASE_URLS must be/],
    [{ READ_MAX_WAIT_MS: '60000' }, /READ_MAX_WAIT_MS must be an integer from 0 to 30000/],
    [{ FEED_CAPACITY: '0' }, /FEED_CAPACITY must be an integer from 1/],
  ])('rejects %j', (override, message) => {
    expect(() => loadApiConfig({ ...BASE, ...override })).toThrow(message);
  });

  it('never echoes a secret', () => {
    const error = captureError(() =>
      loadApiConfig({
        ...BASE,
        DATABASE_URL: 'mysql://u:hunter2@h/db',
        REDIS_URL: 'http://:redispass@h',
        JWT_SECRET: 'short-jwt-secret',
        OPERATOR_TOKEN: 'op-secret',
      }),
    );
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL must be a postgres://');
    expect(message).toContain('REDIS_URL must be a redis://');
    expect(message).toContain('JWT_SECRET must be at least 32 characters');
    expect(message).toContain('OPERATOR_TOKEN must be at least');
    for (const secret of ['hunter2', 'redispass', 'short-jwt-secret', 'op-secret']) {
      expect(message).not.toContain(secret);
    }
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

import { InvalidProjectorConfigError, loadProjectorConfig } from './config';

const minimal = {
  DATABASE_URL: 'postgres://u:secret@db/photofeed',
  REDIS_URL: 'redis://cache:6379',
  MEMCACHED_SERVERS: 'cache:11211',
};

describe('loadProjectorConfig', () => {
  it('defaults what it can: port 3001 on loopback, shards on the log database', () => {
    const config = loadProjectorConfig(minimal);
    expect(config).toMatchObject({
      databaseUrl: minimal.DATABASE_URL,
      databaseDirectUrl: minimal.DATABASE_URL,
      redisUrl: minimal.REDIS_URL,
      memcachedServers: 'cache:11211',
      host: '127.0.0.1',
      port: 3001,
      batchSize: 500,
      views: {
        keyPrefix: '',
        feed: { capacity: 800, celebrityFollowers: 100_000, inactiveAfterMs: 30 * 86_400_000 },
      },
    });
    expect(config.shards.databases).toEqual([minimal.DATABASE_URL]);
    expect(config.shards.logicalShards).toBe(2048);
  });

  it('reads every setting', () => {
    const config = loadProjectorConfig({
      ...minimal,
      DATABASE_DIRECT_URL: 'postgresql://u@db-direct/photofeed',
      SHARD_DATABASE_URLS: 'postgres://s1/a,postgres://s2/b',
      SHARD_COUNT: '64',
      MEMCACHED_SERVERS: 'm1:11211,m2:11211',
      PROJECTOR_HOST: '0.0.0.0',
      PROJECTOR_PORT: '0',
      PROJECTOR_BATCH_SIZE: '100',
    });
    expect(config).toMatchObject({
      databaseDirectUrl: 'postgresql://u@db-direct/photofeed',
      memcachedServers: 'm1:11211,m2:11211',
      host: '0.0.0.0',
      port: 0,
      batchSize: 100,
    });
    expect(config.shards.databases).toEqual(['postgres://s1/a', 'postgres://s2/b']);
  });

  it('reports every problem at once, without echoing secrets', () => {
    let error: unknown;
    try {
      loadProjectorConfig({
        DATABASE_URL: 'mysql://u:secret@db/x',
        PROJECTOR_PORT: '70000',
        PROJECTOR_BATCH_SIZE: 'lots',
        SHARD_COUNT: 'many',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidProjectorConfigError);
    const { problems, message } = error as InvalidProjectorConfigError;
    expect(problems).toHaveLength(7);
    expect(problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL must be set to a postgres:// or postgresql:// URL',
        'REDIS_URL must be set to a redis:// or rediss:// URL',
        'PROJECTOR_PORT must be an integer in 0..65535',
        'PROJECTOR_BATCH_SIZE must be an integer in 1..10000',
        expect.stringContaining('MEMCACHED_SERVERS must be set'),
      ]),
    );
    expect(message).not.toContain('secret');
  });
});

import { PostgresEventStore } from '@photofeed/event-store';
import { createMemcachedClient } from '@photofeed/read-models';
import { ShardRouter } from '@photofeed/shards';
import type { ViewClients, ViewSettings } from '@photofeed/views';
import Redis from 'ioredis';
import type { Client as Memcached } from 'memjs';
import { Pool } from 'pg';
import {
  InvalidProjectorConfigError,
  loadProjectorConfig,
  type ProjectorConfig,
} from '../../projector/src/config';
import { EXIT, FeedctlError } from './exit-codes';
import type { Output } from './output';

/**
 * What a command talks to, from the same environment as the projector (DATABASE_URL,
 * SHARD_DATABASE_URLS, SHARD_COUNT, REDIS_URL, MEMCACHED_SERVERS, VIEW_KEY_PREFIX, FEED_*), so
 * feedctl sees exactly the views the projector keeps. Each client opens on first use; `close()`
 * ends whatever was opened.
 */
export class FeedctlContext {
  private pool: Pool | null = null;
  private eventStore: PostgresEventStore | null = null;
  private router: ShardRouter | null = null;
  private redisClient: Redis | null = null;
  private memcachedClient: Memcached | null = null;

  constructor(
    readonly config: ProjectorConfig,
    readonly out: Output,
    /** Aborted on Ctrl-C: long commands stop at the next safe point. */
    readonly signal: AbortSignal,
  ) {}

  static fromEnv(out: Output, signal: AbortSignal, env = process.env): FeedctlContext {
    try {
      return new FeedctlContext(loadProjectorConfig(env), out, signal);
    } catch (error) {
      if (error instanceof InvalidProjectorConfigError)
        throw new FeedctlError(error.message, EXIT.unavailable);
      throw error;
    }
  }

  get settings(): ViewSettings {
    return this.config.views;
  }

  /** The log database (where Redis views keep their checkpoints too). */
  get logPool(): Pool {
    if (!this.pool) {
      this.pool = new Pool({
        connectionString: this.config.databaseUrl,
        max: 8,
        application_name: 'feedctl',
      });
      this.pool.on('error', () => undefined);
    }
    return this.pool;
  }

  get store(): PostgresEventStore {
    this.eventStore ??= new PostgresEventStore({
      pool: this.logPool,
      listenConnectionString: this.config.databaseDirectUrl,
    });
    return this.eventStore;
  }

  get shards(): ShardRouter {
    if (!this.router) {
      this.router = new ShardRouter(this.config.shards, { max: 8, application_name: 'feedctl' });
      for (let db = 0; db < this.config.shards.databases.length; db++)
        this.router.databasePool(db).on('error', () => undefined);
    }
    return this.router;
  }

  get redis(): Redis {
    if (!this.redisClient) {
      // Fail fast: an operator wants "Redis is down", not a command that hangs retrying.
      this.redisClient = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2 });
      this.redisClient.on('error', () => undefined);
    }
    return this.redisClient;
  }

  get memcached(): Memcached {
    this.memcachedClient ??= createMemcachedClient(this.config.memcachedServers);
    return this.memcachedClient;
  }

  /** Every client the view catalogue needs (libs/views). */
  get clients(): ViewClients {
    return {
      logPool: this.logPool,
      redis: this.redis,
      shards: this.shards,
      memcached: this.memcached,
    };
  }

  async close(): Promise<void> {
    await this.eventStore?.close().catch(() => undefined);
    await Promise.all([
      this.pool?.end().catch(() => undefined),
      this.router?.close().catch(() => undefined),
      this.redisClient?.quit().catch(() => this.redisClient?.disconnect()),
    ]);
    this.memcachedClient?.close();
  }
}

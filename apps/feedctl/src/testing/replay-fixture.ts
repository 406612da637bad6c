import { freshClientIp, type TestUser } from '../../../api/src/accounts/testing/sign-up';
import {
  startReadsTestKit,
  type ReadsTestKit,
} from '../../../api/src/reads/testing/reads-test-kit';
import { deleteKeysUnder, requireEnv } from '@photofeed/testing';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { runFeedctl, type FeedctlRun } from './run-feedctl';

/**
 * The whole system for operator tests: the real api with its projector inline (two shard
 * databases, a key prefix of its own), a Redis client on the same prefix, pools on every
 * database, and feedctl pointed at the same environment, run in-process.
 */
export class ReplayFixture {
  readonly logPool: Pool;
  readonly shardPools: Pool[];
  readonly redis: Redis;
  readonly env: NodeJS.ProcessEnv;

  private constructor(readonly kit: ReadsTestKit) {
    const config = kit.api.config;
    const readSide = kit.api.readSide!;
    this.env = {
      ...process.env,
      DATABASE_URL: config.databaseUrl,
      DATABASE_DIRECT_URL: config.databaseDirectUrl,
      ...readSide.env,
      FEED_CELEBRITY_FOLLOWERS: FEED_CELEBRITY_FOLLOWERS,
      JWT_SECRET: 'test-only-jwt-secret-0123456789abcdef',
    };
    this.logPool = quietPool(config.databaseUrl);
    this.shardPools = readSide.shardDatabaseUrls.map(quietPool);
    this.redis = new Redis(requireEnv('REDIS_URL'));
  }

  static async start(): Promise<ReplayFixture> {
    return new ReplayFixture(
      await startReadsTestKit({ FEED_CELEBRITY_FOLLOWERS, READ_MAX_WAIT_MS: '30000' }),
    );
  }

  get url(): string {
    return this.kit.api.url;
  }

  get keyPrefix(): string {
    return this.kit.api.readSide!.keyPrefix;
  }

  feedctl(...args: string[]): Promise<FeedctlRun> {
    return runFeedctl(args, this.env);
  }

  /** The log's newest event: reads that pass it as minPosition see everything before it. */
  async head(): Promise<string> {
    const { rows } = await this.logPool.query<{ p: string }>(
      `SELECT transaction_id::text || '-' || global_position AS p FROM events
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows[0].p;
  }

  /** Every registered user, with a token from POST /auth/login (the seed's demo password). */
  async signInEveryone(password: string): Promise<SignedIn[]> {
    const { rows } = await this.logPool.query<{ user_id: string; username: string }>(
      `SELECT data->>'userId' AS user_id, data->>'username' AS username FROM events
        WHERE type = 'UserRegistered' ORDER BY global_position`,
    );
    return Promise.all(
      rows.map(async (r) => {
        const res = await fetch(`${this.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': freshClientIp() },
          body: JSON.stringify({ username: r.username, password }),
        });
        if (res.status !== 200) throw new Error(`login ${r.username}: ${res.status}`);
        const { tokens } = (await res.json()) as {
          tokens: { accessToken: string; refreshToken: string };
        };
        return {
          userId: r.user_id,
          username: r.username,
          ...tokens,
          auth: { authorization: `Bearer ${tokens.accessToken}` },
        };
      }),
    );
  }

  async get(path: string, user?: SignedIn): Promise<{ status: number; body: string }> {
    const res = await fetch(`${this.url}${path}`, { headers: user?.auth ?? {} });
    return { status: res.status, body: await res.text() };
  }

  /** Every Redis key of the suite's views, reader state included: "flush Redis". */
  async flushRedis(): Promise<void> {
    await deleteKeysUnder(this.redis, this.keyPrefix);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await Promise.all([this.logPool.end(), ...this.shardPools.map((p) => p.end())]);
    await this.kit.close();
  }
}

/** A demo user signed in, as the api's e2e helpers take one. */
export type SignedIn = TestUser;

/** Low enough that the seed's most followed users are merged at read time. */
const FEED_CELEBRITY_FOLLOWERS = '8';

function quietPool(url: string): Pool {
  const pool = new Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  return pool;
}

import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import Redis from 'ioredis';
import { API_CONFIG, type ApiConfig } from '../../config';

/** The api's shared Redis connection (rate limits, idempotency records, feeds, activity). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

function createRedisClient(config: ApiConfig): Redis {
  const logger = new Logger('Redis');
  const redis = new Redis(config.redisUrl, {
    // A request waiting on Redis should fail within a few seconds, not queue until it comes back.
    maxRetriesPerRequest: 2,
    connectTimeout: 2_000,
    // Commands issued in one turn of the event loop leave in one write (and their replies come
    // back in one read): under load, the rate-limit and feed scripts of many requests share a
    // round trip instead of a write syscall each (a feed read makes three).
    enableAutoPipelining: true,
  });
  // Without a listener, ioredis reports every reconnect attempt as an unhandled error event.
  let lastReport = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    logger.warn(`Redis connection error: ${error.message}`);
  });
  return redis;
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // QUIT lets replies in flight arrive; disconnect if Redis is unreachable anyway.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    { provide: REDIS_CLIENT, inject: [API_CONFIG], useFactory: createRedisClient },
    RedisLifecycle,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}

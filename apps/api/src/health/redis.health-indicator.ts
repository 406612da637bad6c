import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { REDIS_CLIENT } from '../platform/redis/redis.module';
import { PROBE_TIMEOUT_MS, withTimeout } from './with-timeout';

/** PING on the shared connection: rate limits and Idempotency-Key need Redis on every write. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  async check<const Key extends string>(key: Key) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(this.redis.ping(), PROBE_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { API_CONFIG, type ApiConfig } from '../../config';
import { REDIS_CLIENT } from '../redis/redis.module';
import { THROTTLER_NAMES } from './rate-limit.constants';
import { IpRateLimitGuard, UserRateLimitGuard } from './rate-limit.guards';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/**
 * Rate limits with counters in Redis, so every api replica enforces the same budget.
 *
 * Guard order matters. IpRateLimitGuard is an APP_GUARD; in practice Nest runs it after the other
 * APP_GUARDs, authentication included (so a request refused by authentication is not counted per
 * IP). UserRateLimitGuard must run after authentication has set the user: it is installed with
 * `app.useGlobalGuards` (see configurePlatform), which puts it after every APP_GUARD, right after
 * the per-IP guard; requests with credentials have both counted there, in one round trip.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [API_CONFIG, REDIS_CLIENT],
      useFactory: (config: ApiConfig, redis: Redis) => ({
        throttlers: [
          {
            name: THROTTLER_NAMES.perIp,
            limit: config.rateLimit.perIp.limit,
            ttl: config.rateLimit.perIp.windowSeconds * 1000,
          },
          {
            name: THROTTLER_NAMES.perUser,
            limit: config.rateLimit.perUser.limit,
            ttl: config.rateLimit.perUser.windowSeconds * 1000,
          },
        ],
        // On the shared client: the storage neither opens nor closes a connection of its own.
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: IpRateLimitGuard }, UserRateLimitGuard],
  exports: [UserRateLimitGuard],
})
export class RateLimitModule {}

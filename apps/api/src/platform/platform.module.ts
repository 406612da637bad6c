import { type DynamicModule, Module } from '@nestjs/common';
import type { ApiConfig } from '../config';
import { ApiConfigModule } from './config/api-config.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LoggingModule } from './logging/logging.module';
import { ObjectStorageModule } from './object-storage/object-storage.module';
import { ProblemsModule } from './problems/problems.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';
import { ValidationModule } from './validation/validation.module';

/**
 * What every route stands on: config, logging with request ids, problem details, validation,
 * rate limits, Idempotency-Key, and the shared Redis and S3 clients. The Fastify-level half
 * (hooks, content types, OpenAPI) is applied by `configurePlatform`.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ApiConfigModule.forRoot(config),
        LoggingModule,
        RedisModule,
        ObjectStorageModule,
        ProblemsModule,
        ValidationModule,
        RateLimitModule,
        IdempotencyModule,
      ],
    };
  }
}

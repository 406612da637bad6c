import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { HealthResultFilter } from './health-result.filter';
import { NoRateLimit } from '../platform/rate-limit/rate-limit.decorators';
import { PostgresHealthIndicator } from './postgres.health-indicator';
import { RedisHealthIndicator } from './redis.health-indicator';
import { S3HealthIndicator } from './s3.health-indicator';

/**
 * Liveness says "this process runs, do not restart it"; it must not depend on anything outside
 * the process, or a database outage would make the orchestrator restart every replica.
 * Readiness says "send me traffic": it checks what requests need (Postgres, Redis, S3), all
 * probes in parallel, each bounded to 2 s.
 *
 * Not rate limited (probes come often, from few addresses) and not in the public API document.
 */
@Controller('health')
@Public()
@NoRateLimit()
@ApiExcludeController()
@UseFilters(HealthResultFilter)
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(PostgresHealthIndicator) private readonly postgres: PostgresHealthIndicator,
    @Inject(RedisHealthIndicator) private readonly redis: RedisHealthIndicator,
    @Inject(S3HealthIndicator) private readonly s3: S3HealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.postgres.check('database'),
      () => this.redis.check('redis'),
      () => this.s3.check('s3'),
    ]);
  }
}

import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { PostgresHealthIndicator } from './postgres.health-indicator';

/**
 * Liveness says "this process runs, do not restart it"; it must not depend on anything outside
 * the process, or a database outage would make the orchestrator restart every replica.
 * Readiness says "send me traffic": it checks what a request needs (Postgres, for now).
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(PostgresHealthIndicator) private readonly postgres: PostgresHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.postgres.check('database')]);
  }
}

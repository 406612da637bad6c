import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { PostgresPool } from '../database/postgres-pool';

// Well under the load balancer's and Docker's healthcheck timeouts, so a hung database reports
// "down" instead of making the probe itself time out.
const PING_TIMEOUT_MS = 2_000;

@Injectable()
export class PostgresHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(PostgresPool) private readonly postgres: PostgresPool,
  ) {}

  async check<const Key extends string>(key: Key) {
    const indicator = this.indicators.check(key);
    try {
      await this.postgres.ping(PING_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';

export const POSTGRES_POOL_OPTIONS = Symbol('POSTGRES_POOL_OPTIONS');

export interface PostgresPoolOptions {
  readonly connectionString: string;
  /** Shows up in pg_stat_activity, so a connection says which process opened it. */
  readonly applicationName: string;
}

/**
 * The api's one connection pool to Postgres. It owns the pool's lifetime: the pool is created with
 * the app and ended on shutdown, so a stopping replica gives its connections back to pgbouncer.
 */
@Injectable()
export class PostgresPool implements OnApplicationShutdown {
  private readonly logger = new Logger(PostgresPool.name);
  readonly pool: Pool;

  // Explicit @Inject on every constructor parameter: tsx (esbuild) emits no decorator metadata,
  // so type-based injection would pass under jest/swc and fail under `node --import tsx`.
  constructor(@Inject(POSTGRES_POOL_OPTIONS) options: PostgresPoolOptions) {
    this.pool = new Pool({
      connectionString: options.connectionString,
      application_name: options.applicationName,
      max: 10,
      // Fail fast when the database is unreachable instead of queueing requests forever.
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client can lose its connection (database restart, pgbouncer recycling). Without a
    // listener, the pool's 'error' event would crash the process.
    this.pool.on('error', (error) =>
      this.logger.warn(`idle Postgres client failed: ${error.message}`),
    );
  }

  /** Round-trips `SELECT 1`; rejects if the database does not answer within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

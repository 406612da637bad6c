export interface CacheLogger {
  warn(message: string): void;
}

/**
 * Whether to use memcached right now. After a failure, reads skip it for `retryAfterMs` (so an
 * outage costs each read nothing, rather than a connect timeout), and the outage is logged once,
 * not once per read; its end is logged too.
 */
export class MemcachedHealth {
  private down = false;
  private retryAt = 0;

  constructor(
    private readonly retryAfterMs: number,
    private readonly logger: CacheLogger,
    private readonly now: () => number = Date.now,
  ) {}

  usable(): boolean {
    return this.now() >= this.retryAt;
  }

  failed(err: unknown): void {
    if (!this.down) {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.warn(`memcached unavailable, documents are read from the shards: ${reason}`);
      this.down = true;
    }
    this.retryAt = this.now() + this.retryAfterMs;
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.warn('memcached is back: documents are cached again');
  }
}

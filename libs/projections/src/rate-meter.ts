/**
 * Events per second over a sliding window (default 10 s). Before a full window has passed since
 * `startedAt`, the rate is over the time elapsed so far, so it is right from the first batch.
 * Times are milliseconds (Date.now()); callers pass them in, so tests need no clock.
 */
export class RateMeter {
  private samples: { at: number; count: number }[] = [];
  private total = 0;

  constructor(
    private readonly startedAt: number,
    private readonly windowMs = 10_000,
  ) {}

  record(count: number, at: number): void {
    if (count <= 0) return;
    this.samples.push({ at, count });
    this.total += count;
    this.prune(at);
  }

  perSecond(now: number): number {
    this.prune(now);
    const elapsed = Math.min(this.windowMs, now - this.startedAt);
    if (this.total === 0) return 0;
    return (this.total * 1000) / Math.max(elapsed, 1);
  }

  private prune(now: number): void {
    const oldest = now - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop].at <= oldest) {
      this.total -= this.samples[drop].count;
      drop++;
    }
    if (drop > 0) this.samples = this.samples.slice(drop);
  }
}

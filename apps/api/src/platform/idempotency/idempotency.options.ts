/** How long answers are kept and how long a duplicate waits for the first request to finish. */
export interface IdempotencyOptions {
  /** A stored answer is replayed for this long (clients retry within minutes; 24 h is generous). */
  readonly resultTtlSeconds: number;
  /**
   * An in-progress claim expires after this long, so a crashed replica does not hold a key
   * forever. Longer than any request should take.
   */
  readonly pendingTtlSeconds: number;
  /** A concurrent duplicate waits this long for the first request's answer, then gets a 409. */
  readonly waitTimeoutMs: number;
}

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = {
  resultTtlSeconds: 24 * 3600,
  pendingTtlSeconds: 60,
  waitTimeoutMs: 10_000,
};

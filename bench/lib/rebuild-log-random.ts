/**
 * Seeded randomness for the rebuild bench's log (libs/testing's mulberry32 underneath): the same
 * seed gives the same log, byte for byte, except the columns the database fills in (xids,
 * recorded_at).
 */
import { seededRandom } from '@photofeed/testing';

export class LogRandom {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Pareto with minimum 1 and tail index `alpha`: a few huge values, most near 1. */
  pareto(alpha: number): number {
    return (1 - this.next()) ** (-1 / alpha);
  }

  /** exp(N(0, sigma)): a positive weight, median 1. */
  logNormal(sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** 0, 1, 2, ... with P(k) falling by `keep` each step (mean keep / (1 - keep)). */
  geometric(keep: number): number {
    return Math.floor(Math.log(1 - this.next()) / Math.log(keep));
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  hex(bytes: number): string {
    return this.bytes(bytes).toString('hex');
  }

  /** A version-4 UUID (request ids, session ids). */
  uuid4(): string {
    const b = this.bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    return formatUuid(b);
  }

  /** A version-7 UUID at `unixMs`, as the write side's event ids (uuid's v7) are. */
  uuid7(unixMs: number): string {
    const b = this.bytes(16);
    b.writeUIntBE(unixMs, 0, 6);
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    return formatUuid(b);
  }
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Weighted choice among the first k items of a fixed list (users in registration order: only
 * those registered so far may be chosen). Prefix sums and a binary search: O(log n) a draw.
 */
export class PrefixSampler {
  private readonly prefix: Float64Array;

  constructor(weights: readonly number[]) {
    this.prefix = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (this.prefix[i] = sum += w));
  }

  /** An index in [0, k), with probability proportional to its weight. */
  sample(random: LogRandom, k: number): number {
    const target = random.float() * this.prefix[k - 1];
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.prefix[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Removes items[i] in O(1) (order is not kept); returns it. */
export function swapRemove<T>(items: T[], i: number): T {
  const item = items[i];
  items[i] = items[items.length - 1];
  items.pop();
  return item;
}

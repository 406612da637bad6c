import type { Random } from './random';

/** Draws indices 0..n-1 with probability proportional to their weights. */
export class WeightedSampler {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(private readonly weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`weight ${i} must be positive`);
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  get size(): number {
    return this.weights.length;
  }

  draw(random: Random): number {
    const target = random() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * Up to `k` distinct indices, none of them in `exclude`, heavy ones first in probability. By
   * rejection, which is cheap while k is small next to n; if the heavy head is used up before k
   * are found, the rest come from a weighted shuffle of what is left (Efraimidis–Spirakis).
   */
  distinct(random: Random, k: number, exclude: ReadonlySet<number> = new Set()): number[] {
    const eligible = this.size - [...exclude].filter((i) => i >= 0 && i < this.size).length;
    const want = Math.min(k, eligible);
    const chosen = new Set<number>();
    for (let attempts = 0; chosen.size < want && attempts < 20 * want + 100; attempts++) {
      const i = this.draw(random);
      if (!exclude.has(i)) chosen.add(i);
    }
    if (chosen.size < want) {
      const rest = this.weights
        .map((w, i) => ({ i, key: Math.pow(random(), 1 / w) }))
        .filter(({ i }) => !exclude.has(i) && !chosen.has(i))
        .sort((a, b) => b.key - a.key);
      for (const { i } of rest.slice(0, want - chosen.size)) chosen.add(i);
    }
    return [...chosen];
  }
}

/** Zipf weights: rank r (0-based) weighs 1 / (r + 1)^s. */
export const zipfWeights = (n: number, s: number): number[] =>
  Array.from({ length: n }, (_, r) => 1 / Math.pow(r + 1, s));

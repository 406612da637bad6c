/** A source of numbers in [0, 1), like Math.random, but reproducible. */
export type Random = () => number;

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every run (random
 * logs in tests, demo data, benchmarks).
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import { seededRandom, type Random } from '@photofeed/random';

export { seededRandom, type Random };

/**
 * An independent stream for one part of the plan (names, graph, photos, likes), so that changing
 * one part (more photos per user) leaves the others (usernames, who follows whom) as they were.
 */
export function streamOf(seed: number, batch: number, part: string): Random {
  let h = 2166136261; // FNV-1a over "seed/batch/part"
  for (const ch of `${seed}/${batch}/${part}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return seededRandom(h >>> 0);
}

/** An integer in [min, max]. */
export const randomInt = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

/** A Pareto draw (heavy tail): at least `min`, P(X > x) = (min / x)^alpha. */
export const pareto = (random: Random, min: number, alpha: number): number =>
  min / Math.pow(1 - random(), 1 / alpha);

/** Fisher–Yates on a copy. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

import { seededRandom } from './random';
import { WeightedSampler, zipfWeights } from './weighted-sampler';

describe('WeightedSampler', () => {
  it('draws in proportion to the weights', () => {
    const sampler = new WeightedSampler([1, 2, 7]);
    const random = seededRandom(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[sampler.draw(random)]++;
    expect(counts[0] / 10_000).toBeCloseTo(0.1, 1);
    expect(counts[1] / 10_000).toBeCloseTo(0.2, 1);
    expect(counts[2] / 10_000).toBeCloseTo(0.7, 1);
  });

  it('gives distinct indices outside the excluded ones, all of them when k is as large as that', () => {
    const sampler = new WeightedSampler(zipfWeights(50, 2)); // a head that rejection keeps hitting
    const random = seededRandom(2);
    const some = sampler.distinct(random, 10, new Set([0, 1]));
    expect(new Set(some).size).toBe(10);
    expect(some).not.toContain(0);
    expect(some).not.toContain(1);
    const all = sampler.distinct(random, 100, new Set([3]));
    expect([...all].sort((a, b) => a - b)).toEqual([...Array(50).keys()].filter((i) => i !== 3));
  });

  it('refuses weights that are not positive', () => {
    expect(() => new WeightedSampler([1, 0])).toThrow(RangeError);
  });
});

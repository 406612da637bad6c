import { FOLLOW_SHAPE, followerCounts, followerGraph } from './follower-graph';
import { seededRandom } from './random';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('followerGraph', () => {
  it('is the same graph for the same seed, and another for another seed', () => {
    expect(followerGraph(seededRandom(3), 100)).toEqual(followerGraph(seededRandom(3), 100));
    expect(followerGraph(seededRandom(4), 100)).not.toEqual(followerGraph(seededRandom(3), 100));
  });

  it('never has a self-follow or the same follow twice', () => {
    const edges = followerGraph(seededRandom(1), 200);
    expect(edges.some((e) => e.follower === e.followee)).toBe(false);
    const keys = edges.map((e) => `${e.follower}>${e.followee}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has every user follow at least a few others, so every home feed has photos', () => {
    const users = 200;
    const following = new Array<number>(users).fill(0);
    for (const e of followerGraph(seededRandom(1), users)) following[e.follower]++;
    expect(Math.min(...following)).toBeGreaterThanOrEqual(FOLLOW_SHAPE.minFollowing);
  });

  it.each([1, 2, 3, 5])('is heavy-tailed: a few users have most followers (seed %i)', (seed) => {
    const users = 200;
    const counts = followerCounts(users, followerGraph(seededRandom(seed), users));
    const sorted = [...counts].sort((a, b) => b - a);
    // The most followed is followed by most users; the typical user by a handful.
    expect(sorted[0]).toBeGreaterThan(users / 2);
    expect(sorted[0]).toBeGreaterThanOrEqual(10 * median(counts));
    // The top tenth of users has over 40% of all follows (10% if follows were uniform).
    const total = counts.reduce((a, b) => a + b, 0);
    const topTenth = sorted.slice(0, users / 10).reduce((a, b) => a + b, 0);
    expect(topTenth).toBeGreaterThan(0.4 * total);
  });

  it('copes with tiny demos', () => {
    expect(followerGraph(seededRandom(1), 1)).toEqual([]);
    expect(followerGraph(seededRandom(1), 2)).toEqual([
      { follower: 0, followee: 1 },
      { follower: 1, followee: 0 },
    ]);
  });
});

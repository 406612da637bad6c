import { likeGraph } from './like-graph';
import { seededRandom } from './random';

// 100 users with 3 photos each; user 0 is followed by everyone, the rest by one or two.
const users = 100;
const photoOwners = Array.from({ length: users * 3 }, (_, p) => p % users);
const followers = Array.from({ length: users }, (_, u) => (u === 0 ? users - 1 : 1 + (u % 2)));

describe('likeGraph', () => {
  it('is the same for the same seed', () => {
    expect(likeGraph(seededRandom(9), photoOwners, followers)).toEqual(
      likeGraph(seededRandom(9), photoOwners, followers),
    );
  });

  it('never likes one photo twice, nor one of your own', () => {
    const likes = likeGraph(seededRandom(1), photoOwners, followers);
    const keys = likes.map((l) => `${l.user}>${l.photo}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(likes.some((l) => photoOwners[l.photo] === l.user)).toBe(false);
  });

  it('is heavy-tailed: a few photos (mostly the popular owner’s) take many of the likes', () => {
    const likes = likeGraph(seededRandom(1), photoOwners, followers);
    const perPhoto = new Array<number>(photoOwners.length).fill(0);
    for (const l of likes) perPhoto[l.photo]++;
    const sorted = [...perPhoto].sort((a, b) => b - a);
    const median = sorted[Math.floor(sorted.length / 2)];
    expect(sorted[0]).toBeGreaterThanOrEqual(10 * Math.max(1, median));
    const ownerZeroLikes = likes.filter((l) => photoOwners[l.photo] === 0).length;
    // Owner 0 has 1% of the photos and over 5% of the likes.
    expect(ownerZeroLikes).toBeGreaterThan(0.05 * likes.length);
  });

  it('has nothing to like without photos', () => {
    expect(likeGraph(seededRandom(1), [], followers)).toEqual([]);
  });
});

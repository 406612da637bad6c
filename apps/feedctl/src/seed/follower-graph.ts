import { pareto, shuffled, type Random } from './random';
import { WeightedSampler, zipfWeights } from './weighted-sampler';

/** A directed edge: user `follower` follows user `followee` (indices into the demo's users). */
export interface FollowEdge {
  follower: number;
  followee: number;
}

/**
 * How skewed the graph is. Who gets followed is Zipf over a random popularity rank (the user at
 * rank r is chosen with weight 1/(r+1)^zipf), so a few users are followed by almost everyone and
 * most by a handful; how many each user follows is Pareto (most follow a few, some very many).
 */
export const FOLLOW_SHAPE = {
  zipf: 1.1,
  /** Each user follows at least this many (so every home feed has something in it). */
  minFollowing: 4,
  followingAlpha: 1.6,
  maxFollowing: 150,
} as const;

/** Every follow of the demo, in the order they are made (follower by follower). */
export function followerGraph(random: Random, users: number): FollowEdge[] {
  if (users < 2) return [];
  const byRank = shuffled(
    random,
    Array.from({ length: users }, (_, i) => i),
  );
  const weights = new Array<number>(users);
  zipfWeights(users, FOLLOW_SHAPE.zipf).forEach((w, rank) => (weights[byRank[rank]] = w));
  const sampler = new WeightedSampler(weights);
  const edges: FollowEdge[] = [];
  for (let follower = 0; follower < users; follower++) {
    const following = Math.min(
      users - 1,
      FOLLOW_SHAPE.maxFollowing,
      Math.floor(pareto(random, FOLLOW_SHAPE.minFollowing, FOLLOW_SHAPE.followingAlpha)),
    );
    for (const followee of sampler.distinct(random, following, new Set([follower])))
      edges.push({ follower, followee });
  }
  return edges;
}

/** Followers per user (index → count). */
export function followerCounts(users: number, edges: readonly FollowEdge[]): number[] {
  const counts = new Array<number>(users).fill(0);
  for (const { followee } of edges) counts[followee]++;
  return counts;
}

import { pareto, type Random } from './random';
import { WeightedSampler } from './weighted-sampler';

/** User `user` likes photo `photo` (indices into the demo's users and photos). */
export interface LikeEdge {
  user: number;
  photo: number;
}

/**
 * Popular photos: a photo's weight is its owner's reach ((followers + 1)^ownerPull) times a Pareto
 * factor of its own (some photos of anyone take off). How many photos each user likes is Pareto
 * too. Nobody likes their own photos.
 */
export const LIKE_SHAPE = {
  ownerPull: 0.8,
  photoAlpha: 1.2,
  minLikes: 2,
  likesAlpha: 1.3,
  maxLikes: 80,
} as const;

/** Every like of the demo, user by user. `photoOwners[p]` is the owner of photo p. */
export function likeGraph(
  random: Random,
  photoOwners: readonly number[],
  followerCounts: readonly number[],
): LikeEdge[] {
  if (photoOwners.length === 0) return [];
  const weights = photoOwners.map(
    (owner) =>
      Math.pow(followerCounts[owner] + 1, LIKE_SHAPE.ownerPull) *
      pareto(random, 1, LIKE_SHAPE.photoAlpha),
  );
  const sampler = new WeightedSampler(weights);
  const photosOf = new Map<number, Set<number>>();
  photoOwners.forEach((owner, p) => {
    const own = photosOf.get(owner) ?? new Set<number>();
    own.add(p);
    photosOf.set(owner, own);
  });
  const edges: LikeEdge[] = [];
  for (let user = 0; user < followerCounts.length; user++) {
    const likes = Math.min(
      LIKE_SHAPE.maxLikes,
      Math.floor(pareto(random, LIKE_SHAPE.minLikes, LIKE_SHAPE.likesAlpha)),
    );
    for (const photo of sampler.distinct(random, likes, photosOf.get(user) ?? new Set()))
      edges.push({ user, photo });
  }
  return edges;
}

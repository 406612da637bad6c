import type { PhotoLocation } from '@photofeed/domain';
import { DEMO_IMAGE_SIZES, type DemoImageSpec } from './demo-image';
import { CITY_JITTER_DEGREES, DEMO_CITIES } from './demo-places';
import {
  BIOS,
  CAPTION_OPENERS,
  CAPTION_THINGS,
  FIRST_NAMES,
  HASHTAGS,
  LAST_NAMES,
} from './demo-words';
import { followerCounts, followerGraph, type FollowEdge } from './follower-graph';
import { likeGraph, type LikeEdge } from './like-graph';
import { pick, randomInt, streamOf, type Random } from './random';

export interface DemoPlanOptions {
  seed: number;
  /** 0 for the first demo of a seed; `--force` adds batch 1, 2, ... with new usernames. */
  batch: number;
  users: number;
  photosPerUser: number;
}

export interface DemoUser {
  username: string;
  displayName: string;
  bio: string;
}

export interface DemoPhoto {
  owner: number;
  /** The owner's n-th photo (0-based). */
  nth: number;
  image: DemoImageSpec;
  caption: string;
  location?: PhotoLocation;
}

/** Everything one batch writes, decided up front from (seed, batch, sizes) alone. */
export interface DemoPlan {
  options: DemoPlanOptions;
  users: DemoUser[];
  /** In posting order: everyone's first photo, then everyone's second... so feeds interleave. */
  photos: DemoPhoto[];
  follows: FollowEdge[];
  likes: LikeEdge[];
  /** Followers per user once every follow is made. */
  followers: number[];
}

/** The share of photos that carry a location. */
export const LOCATED_SHARE = 0.4;

/** Tells one seed's batch from another's in usernames: `s<seed base 36>[b<batch>]`. */
export const batchTag = (seed: number, batch: number): string =>
  `s${seed.toString(36)}${batch > 0 ? `b${batch}` : ''}`;

/**
 * The batch's users. Their names come from a stream of their own, so user i's username depends on
 * (seed, batch, i) only, never on how many users or photos the batch has.
 */
export function demoUsers(seed: number, batch: number, count: number): DemoUser[] {
  const random = streamOf(seed, batch, 'users');
  const tag = batchTag(seed, batch);
  return Array.from({ length: count }, (_, i) => {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    return {
      username: `${first}${i}_${tag}`,
      displayName: `${first[0].toUpperCase()}${first.slice(1)} ${last}`,
      bio: pick(random, BIOS),
    };
  });
}

export function demoPlan(options: DemoPlanOptions): DemoPlan {
  const { seed, batch, users: count, photosPerUser } = options;
  const users = demoUsers(seed, batch, count);
  const follows = followerGraph(streamOf(seed, batch, 'follows'), count);
  const followers = followerCounts(count, follows);
  const photos = demoPhotos(streamOf(seed, batch, 'photos'), count, photosPerUser);
  const likes = likeGraph(
    streamOf(seed, batch, 'likes'),
    photos.map((p) => p.owner),
    followers,
  );
  return { options, users, photos, follows, likes, followers };
}

function demoPhotos(random: Random, users: number, perUser: number): DemoPhoto[] {
  const photos: DemoPhoto[] = [];
  for (let nth = 0; nth < perUser; nth++)
    for (let owner = 0; owner < users; owner++) {
      const [width, height] = pick(random, DEMO_IMAGE_SIZES);
      const image = { width, height, seed: Math.floor(random() * 2 ** 32) };
      const located = random() < LOCATED_SHARE ? demoLocation(random) : undefined;
      photos.push({
        owner,
        nth,
        image,
        caption: demoCaption(random, located?.place),
        ...(located && { location: located.location }),
      });
    }
  return photos;
}

function demoLocation(random: Random): { location: PhotoLocation; place: string } {
  const city = pick(random, DEMO_CITIES);
  const place = pick(random, city.places);
  const jitter = () => (random() * 2 - 1) * CITY_JITTER_DEGREES;
  const fixed = (v: number) => Math.round(v * 1e5) / 1e5;
  return {
    location: {
      lat: fixed(city.lat + jitter()),
      lng: fixed(city.lng + jitter()),
      placeName: `${place}, ${city.name}`,
    },
    place,
  };
}

function demoCaption(random: Random, place: string | undefined): string {
  const opener = pick(random, CAPTION_OPENERS);
  const words = `${opener}${place ? ` in ${place}` : ''}: ${pick(random, CAPTION_THINGS)}`;
  const tags = Array.from({ length: randomInt(random, 0, 2) }, () => pick(random, HASHTAGS));
  return [words, ...new Set(tags)].join(' ');
}

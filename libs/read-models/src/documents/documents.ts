/** The documents the api hydrates ids into. Ids are decimal strings, times ISO-8601. */

export interface UserDocument {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  photoCount: number;
  followerCount: number;
  followingCount: number;
}

export interface PhotoDocument {
  id: string;
  ownerId: string;
  caption: string;
  location: { lat: number; lng: number; placeName?: string } | null;
  objects: { original: string; large: string; medium: string; small: string };
  width: number;
  height: number;
  postedAt: string;
  likeCount: number;
}

export type DocumentKind = 'user' | 'photo';

/** `<prefix>u:<id>` and `<prefix>p:<id>`: short, since memcached keys are at most 250 bytes. */
export function documentKey(prefix: string, kind: DocumentKind, id: string): string {
  return `${prefix}${kind === 'user' ? 'u' : 'p'}:${id}`;
}

/** The columns of a users row as a document needs them (the SELECT list and its row type). */
export const USER_COLUMNS =
  'user_id::text AS id, username, display_name, bio, photo_count, follower_count, following_count';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  bio: string;
  photo_count: number;
  follower_count: number;
  following_count: number;
}

export const PHOTO_COLUMNS =
  'photo_id::text AS id, owner_id::text AS owner_id, caption, lat, lng, place_name, objects, width, height, posted_at, like_count';

export interface PhotoRow {
  id: string;
  owner_id: string;
  caption: string;
  lat: number | null;
  lng: number | null;
  place_name: string | null;
  objects: PhotoDocument['objects'];
  width: number;
  height: number;
  posted_at: Date;
  like_count: number;
}

export function userDocument(row: UserRow): UserDocument {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    bio: row.bio,
    photoCount: row.photo_count,
    followerCount: row.follower_count,
    followingCount: row.following_count,
  };
}

export function photoDocument(row: PhotoRow): PhotoDocument {
  const location =
    row.lat === null || row.lng === null
      ? null
      : {
          lat: row.lat,
          lng: row.lng,
          ...(row.place_name !== null && { placeName: row.place_name }),
        };
  const { original, large, medium, small } = row.objects;
  return {
    id: row.id,
    ownerId: row.owner_id,
    caption: row.caption,
    location,
    objects: { original, large, medium, small },
    width: row.width,
    height: row.height,
    postedAt: row.posted_at.toISOString(),
    likeCount: row.like_count,
  };
}

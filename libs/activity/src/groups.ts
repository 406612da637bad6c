/**
 * Activity groups: what one user is told about, aggregated by kind, photo and UTC day
 * ("Ana and 3 others liked your photo"). A group id is the group's member name in Redis:
 * `l:<photoId>:<YYYYMMDD>` for likes of a photo, `f:<YYYYMMDD>` for new followers. Pure code.
 */

export type ActivityKind = 'like' | 'follow';

/** One group as readers see it. */
export interface ActivityGroup {
  kind: ActivityKind;
  /** The liked photo; null for follows. */
  photoId: string | null;
  /** The UTC day of the group's events, YYYY-MM-DD. */
  day: string;
  /** The newest actors first, at most 3. */
  actorIds: string[];
  /** How many actors the group holds (saturates at the projection's maxActorsPerGroup). */
  actorCount: number;
  /** The newest actor's time, ISO-8601. */
  latestAt: string;
}

export interface GroupName {
  kind: ActivityKind;
  photoId: string | null;
  /** YYYY-MM-DD */
  day: string;
}

const GROUP_ID = /^(?:l:([1-9][0-9]{0,18})|f):([0-9]{4})([0-9]{2})([0-9]{2})$/;

const DAY_MS = 86_400_000;
/** The last day asked for: a projection's events come in time order, mostly from the same day. */
let lastDay = { day: Number.NaN, stamp: '' };

/** The UTC day of a time in ms, as the YYYYMMDD used inside group ids. */
export function dayStamp(atMs: number): string {
  const day = Math.floor(atMs / DAY_MS);
  if (day === lastDay.day) return lastDay.stamp;
  const iso = new Date(atMs).toISOString(); // throws on an invalid time
  if (iso.length !== 24) throw new RangeError(`time outside 0000..9999: ${iso}`);
  lastDay = { day, stamp: `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}` };
  return lastDay.stamp;
}

export function likeGroupId(photoId: string, atMs: number): string {
  return `${likeGroupsOf(photoId)}${dayStamp(atMs)}`;
}

export function followGroupId(atMs: number): string {
  return `${FOLLOW_GROUPS}${dayStamp(atMs)}`;
}

/** Every like group of a photo starts with this (any day). */
export function likeGroupsOf(photoId: string): string {
  return `l:${photoId}:`;
}

/** Every follow group starts with this (any day). */
export const FOLLOW_GROUPS = 'f:';

export function isGroupId(text: string): boolean {
  return GROUP_ID.test(text);
}

export function parseGroupId(groupId: string): GroupName {
  const match = GROUP_ID.exec(groupId);
  if (!match) throw new Error(`not an activity group id: ${groupId}`);
  const [, photoId, year, month, day] = match;
  return {
    kind: photoId === undefined ? 'follow' : 'like',
    photoId: photoId ?? null,
    day: `${year}-${month}-${day}`,
  };
}

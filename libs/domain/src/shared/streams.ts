/**
 * Stream names: `<category>-<key>`. Ids are decimal strings (64-bit, allocated by the api), so `-`
 * never occurs inside an id and two-id keys (`like-<photoId>-<userId>`) split unambiguously.
 */

export const STREAM_CATEGORIES = [
  'user',
  'username',
  'credentials',
  'session',
  'photo',
  'like',
  'follow',
] as const;
export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

/** Secrets (password and refresh-token hashes): never relayed to Kafka, SSE or any consumer. */
export const PRIVATE_STREAM_CATEGORIES = ['credentials', 'session'] as const;

export const userStream = (userId: string): string => `user-${userId}`;
/** Lowercased: one stream per name whatever its case, which makes names unique case-insensitively. */
export const usernameStream = (username: string): string => `username-${username.toLowerCase()}`;
export const credentialsStream = (userId: string): string => `credentials-${userId}`;
export const sessionStream = (sessionId: string): string => `session-${sessionId}`;
export const photoStream = (photoId: string): string => `photo-${photoId}`;
export const likeStream = (photoId: string, userId: string): string => `like-${photoId}-${userId}`;
export const followStream = (followerId: string, followeeId: string): string =>
  `follow-${followerId}-${followeeId}`;

export type ParsedStreamId =
  | { category: 'user'; userId: string }
  | { category: 'username'; username: string }
  | { category: 'credentials'; userId: string }
  | { category: 'session'; sessionId: string }
  | { category: 'photo'; photoId: string }
  | { category: 'like'; photoId: string; userId: string }
  | { category: 'follow'; followerId: string; followeeId: string };

const ID = /^[0-9]{1,19}$/;
const LOWERCASE_USERNAME = /^[a-z0-9._]+$/;

/** The category and keys of one of our stream ids; undefined for anything else. */
export function parseStreamId(streamId: string): ParsedStreamId | undefined {
  const dash = streamId.indexOf('-');
  if (dash < 0) return undefined;
  const category = streamId.slice(0, dash);
  const key = streamId.slice(dash + 1);
  const ids = key.split('-');
  const oneId = ids.length === 1 && ID.test(key);
  const twoIds = ids.length === 2 && ids.every((id) => ID.test(id));
  switch (category) {
    case 'user':
      return oneId ? { category, userId: key } : undefined;
    case 'username':
      return LOWERCASE_USERNAME.test(key) ? { category, username: key } : undefined;
    case 'credentials':
      return oneId ? { category, userId: key } : undefined;
    case 'session':
      return oneId ? { category, sessionId: key } : undefined;
    case 'photo':
      return oneId ? { category, photoId: key } : undefined;
    case 'like':
      return twoIds ? { category, photoId: ids[0], userId: ids[1] } : undefined;
    case 'follow':
      return twoIds ? { category, followerId: ids[0], followeeId: ids[1] } : undefined;
    default:
      return undefined;
  }
}

/** The text before the first `-` (what the event store's `streamCategories` filter matches). */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function isPrivateStream(streamId: string): boolean {
  return (PRIVATE_STREAM_CATEGORIES as readonly string[]).includes(streamCategory(streamId));
}

/**
 * Key layout and member encoding of the home feed. Pure code.
 *
 * Order is exact to 64 bits: every sorted set of the feed has score 0 for all members, and a
 * member starts with the photo id zero-padded to 19 decimal digits (2^63 - 1 has 19), so Redis's
 * byte-wise order of members is the numeric order of ids. Scores are doubles and could not tell
 * apart two ids of the same millisecond beyond 2^53; members can. The author id follows the photo
 * id (`<photoId19>:<authorId>`) so a reader learns whose photo it is without another lookup; it never
 * decides order, since the 19-digit prefix of two members always differs.
 */

const ID_WIDTH = 19;
const ID = /^[0-9]{1,19}$/;
const MEMBER = /^([0-9]{19}):([0-9]{1,19})$/;

export interface FeedEntry {
  photoId: string;
  authorId: string;
}

/** `id` as a 19-digit string: lexicographic order = numeric order. */
export function padId(id: string | bigint): string {
  const text = typeof id === 'bigint' ? id.toString() : id;
  if (!ID.test(text)) throw new RangeError(`not an id: ${text}`);
  return text.padStart(ID_WIDTH, '0');
}

export function encodeMember(photoId: string | bigint, authorId: string | bigint): string {
  const author = typeof authorId === 'bigint' ? authorId.toString() : authorId;
  if (!ID.test(author)) throw new RangeError(`not an id: ${author}`);
  return `${padId(photoId)}:${author}`;
}

export function decodeMember(member: string): FeedEntry {
  const m = MEMBER.exec(member);
  if (!m) throw new Error(`not a home-feed member: ${member}`);
  return { photoId: BigInt(m[1]).toString(), authorId: m[2] };
}

/** Every key of one version of the view, plus the version-independent last-read times. */
export class HomeFeedKeys {
  /** The prefixes the Lua scripts append a user id to (`<feedPrefix><userId>`). */
  readonly feedPrefix: string;
  readonly floorPrefix: string;
  readonly postsPrefix: string;
  readonly followersPrefix: string;
  readonly followingPrefix: string;
  /** Set of authors above the celebrity threshold. */
  readonly celebrities: string;
  /** Sorted set: user id → last read (ms since the Unix epoch). Outside the version. */
  readonly lastRead: string;

  constructor(
    readonly keyPrefix: string,
    readonly stateKeyPrefix: string,
  ) {
    this.feedPrefix = `${keyPrefix}feed:`;
    this.floorPrefix = `${keyPrefix}floor:`;
    this.postsPrefix = `${keyPrefix}posts:`;
    this.followersPrefix = `${keyPrefix}followers:`;
    this.followingPrefix = `${keyPrefix}following:`;
    this.celebrities = `${keyPrefix}celebrities`;
    this.lastRead = `${stateKeyPrefix}last-read`;
  }

  /** The user's stored feed (sorted set of members, newest last in Redis's order). */
  feed(userId: string): string {
    return this.feedPrefix + userId;
  }

  /**
   * The stored feed's floor: the feed holds every entry of the definition above it. Absent: the
   * feed is not trusted (never built, or a fan-out skipped its inactive owner). "": no floor.
   */
  floor(userId: string): string {
    return this.floorPrefix + userId;
  }

  /** The author's photos that are not deleted, all of them (the recent ones are the top M). */
  posts(authorId: string): string {
    return this.postsPrefix + authorId;
  }

  followers(authorId: string): string {
    return this.followersPrefix + authorId;
  }

  following(userId: string): string {
    return this.followingPrefix + userId;
  }
}

/**
 * The home feed's definition and where its keys live. The projection and the reader take the same
 * options: they must agree on the definition (capacity, per-author cap) and on the key layout.
 */
export interface HomeFeedOptions {
  /**
   * Every key of this version of the view starts with it. Production: `home-feed:v<version>:`, so
   * a rebuild fills version N+1 beside N.
   */
  keyPrefix: string;
  /**
   * For state that is not derived from the log and must survive a rebuild: the readers' last-read
   * times (production: `home-feed:`, without the version).
   */
  stateKeyPrefix: string;
  /** A feed holds the newest `capacity` photos. Default 800. */
  capacity?: number;
  /** Each author contributes at most their newest `perAuthor` photos (at most 1000). Default 100. */
  perAuthor?: number;
  /** An author with more followers than this is not fanned out: merged at read time. Default 100000. */
  celebrityFollowers?: number;
  /** A reader who has not read for this long is not fanned out to. Default 30 days. */
  inactiveAfterMs?: number;
  /** Extra entries a stored feed may hold before it is trimmed, so trims are rare. Default capacity / 8. */
  trimSlack?: number;
  /** Followers written per round trip of a fan-out (at most 5000). Default 1000. */
  fanOutChunk?: number;
  /** The clock (ms since the Unix epoch). Default Date.now. */
  now?: () => number;
  /** Called after each chunk of a fan-out is written (metrics, benchmarks). */
  onFanOutChunk?: (chunk: FanOutChunkReport) => void;
}

export interface FanOutChunkReport {
  authorId: string;
  /** Followers (and the author) this chunk looked at. */
  targets: number;
  /** Of those, the active ones, whose stored feed was written. */
  written: number;
}

export type ResolvedHomeFeedOptions = Required<Omit<HomeFeedOptions, 'onFanOutChunk'>> &
  Pick<HomeFeedOptions, 'onFanOutChunk'>;

export const HOME_FEED_DEFAULTS = {
  capacity: 800,
  perAuthor: 100,
  celebrityFollowers: 100_000,
  inactiveAfterMs: 30 * 24 * 3600 * 1000,
  fanOutChunk: 1000,
} as const;

export function resolveHomeFeedOptions(options: HomeFeedOptions): ResolvedHomeFeedOptions {
  const capacity = options.capacity ?? HOME_FEED_DEFAULTS.capacity;
  const resolved: ResolvedHomeFeedOptions = {
    keyPrefix: options.keyPrefix,
    stateKeyPrefix: options.stateKeyPrefix,
    capacity,
    perAuthor: options.perAuthor ?? HOME_FEED_DEFAULTS.perAuthor,
    celebrityFollowers: options.celebrityFollowers ?? HOME_FEED_DEFAULTS.celebrityFollowers,
    inactiveAfterMs: options.inactiveAfterMs ?? HOME_FEED_DEFAULTS.inactiveAfterMs,
    trimSlack: options.trimSlack ?? Math.max(1, Math.ceil(capacity / 8)),
    fanOutChunk: options.fanOutChunk ?? HOME_FEED_DEFAULTS.fanOutChunk,
    now: options.now ?? Date.now,
    onFanOutChunk: options.onFanOutChunk,
  };
  for (const name of ['capacity', 'perAuthor', 'trimSlack', 'fanOutChunk'] as const) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  // A chunk's follower ids and an author's recent photos go through Lua's unpack(), which takes
  // at most ~8000 values.
  if (resolved.fanOutChunk > 5000) throw new RangeError('fanOutChunk must be at most 5000');
  if (resolved.perAuthor > 1000) throw new RangeError('perAuthor must be at most 1000');
  if (!Number.isSafeInteger(resolved.celebrityFollowers) || resolved.celebrityFollowers < 0)
    throw new RangeError(`celebrityFollowers must be a non-negative integer`);
  if (!(resolved.inactiveAfterMs > 0)) throw new RangeError('inactiveAfterMs must be positive');
  if (!resolved.keyPrefix || !resolved.stateKeyPrefix)
    throw new RangeError('keyPrefix and stateKeyPrefix must not be empty');
  return resolved;
}

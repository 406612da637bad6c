/**
 * Where a photo→owner pair lives in Redis: bucket key, hash field and value. Pure code, no I/O.
 *
 * Instagram ("Storing hundreds of millions of simple key-value pairs in Redis") put media id
 * `id` in hash `id / 1000`, field `id % 1000`: their ids were a dense sequence, so every hash held
 * ~1000 small integers and stayed in Redis's compact encoding. Ours are sparse
 * (| 41 bits ms | 13 bits shard | 10 bits seq |), so `id / 1000` would hold about one pair per
 * hash. What we do instead:
 *
 * - Bucket = a slice of time across all shards: key `<prefix><ms >> 11, base 36>`, one hash per
 *   2.048 s. Its size follows the global posting rate only (not the shard count, not how busy one
 *   shard is: per-shard buckets of the same mean held up to 6x the mean, posters are skewed).
 * - Field = the rest of the photo id as one integer, `seq << 24 | shard << 11 | ms & 2047`: the
 *   bits that are always busy (ms, shard) low, the sequence (almost always 0) high. With shards
 *   below 2048 it is < 2^22, which listpack stores as a 24-bit integer: 5 bytes with its backlen.
 * - Value = the owner without its shard bits: the photo was given its owner's shard, so the shard
 *   is read back from the photo id. `seq << 40 | ms` (ms < 2^40 by the id layout) as little-endian
 *   bytes, trailing zero bytes dropped: 5 bytes for an owner registered 50 days or more after the
 *   id epoch (4 before), 7 with the listpack header and backlen. As a decimal integer it would
 *   take listpack's 64-bit encoding (10 bytes): binary saves 3 bytes a pair. An owner on another
 *   shard (our write side never writes one) is stored whole, as exactly 8 bytes, so lookups stay
 *   exact for any input.
 *   A binary value that happens to read as a canonical decimal integer is stored as an integer and
 *   handed back as the same bytes, so that is exact too.
 *
 * Measured (bench/photo-map.ts: 1M pairs, 25 photos/s over ~11 h, 2048 shards, 200k users,
 * skewed posters, Redis 7.0): 2^11 ms slices → 19.6k hashes, mean 51 and max 82 pairs, all
 * listpack, 15.2 bytes/pair by used_memory (14.8 by MEMORY USAGE) with a 16-character key prefix
 * like production's; one string key per pair: 104 (88). Alternatives, same workload (3-character
 * prefix, ~0.35 less): 2^12 slices 14.6 but 0.7% of hashes past 128 entries; 2^10 16.4; decimal
 * values +3.1; per-shard buckets of the same mean 15.2 with hashes up to 6x the mean (posters are
 * skewed), worse as soon as the limit bites. Redis 7.0's compiled-in default is in fact 512 entries
 * (this server's): 2^13 slices would give 14.2, not worth depending on a server setting. The design
 * keeps ~1.5x headroom under 128 entries at 25 photos/s (~6x under 512); if the rate outgrows that,
 * shrink the slice in a new projection version (rebuilt beside this one).
 */
import { MAX_SEQUENCE, MAX_SHARD } from '@photofeed/ids';

/** log2 of a bucket's time slice in milliseconds. Part of the view's identity: see the header. */
export const BUCKET_MS_BITS = 11n;
const SEQUENCE_BITS = 10n;
const SHARD_BITS = 13n;
const MS_SHIFT = SEQUENCE_BITS + SHARD_BITS;
const MS_LOW_MASK = (1n << BUCKET_MS_BITS) - 1n;
const OWNER_MS_BITS = 40n;
const OWNER_MS_MASK = (1n << OWNER_MS_BITS) - 1n;
/** A whole owner id (the fallback) is exactly this long; a compact owner is at most 7 bytes. */
const FULL_ID_BYTES = 8;

const msOf = (id: bigint): bigint => id >> MS_SHIFT;
const shardBitsOf = (id: bigint): bigint => (id >> SEQUENCE_BITS) & BigInt(MAX_SHARD);
const seqOf = (id: bigint): bigint => id & BigInt(MAX_SEQUENCE);

/** The hash that holds `photoId`'s owner. */
export function bucketKey(keyPrefix: string, photoId: bigint): string {
  return `${keyPrefix}${(msOf(photoId) >> BUCKET_MS_BITS).toString(36)}`;
}

/** The field of `photoId` in its bucket, as the decimal integer listpack will store compactly. */
export function bucketField(photoId: bigint): string {
  const field =
    (seqOf(photoId) << (BUCKET_MS_BITS + SHARD_BITS)) |
    (shardBitsOf(photoId) << BUCKET_MS_BITS) |
    (msOf(photoId) & MS_LOW_MASK);
  return field.toString(10);
}

/** The stored value for `ownerId` as the owner of `photoId`. */
export function encodeOwner(photoId: bigint, ownerId: bigint): Buffer {
  if (shardBitsOf(ownerId) !== shardBitsOf(photoId)) {
    const whole = Buffer.alloc(FULL_ID_BYTES);
    whole.writeBigUInt64LE(ownerId);
    return whole;
  }
  return littleEndianTrimmed((seqOf(ownerId) << OWNER_MS_BITS) | msOf(ownerId));
}

/** The owner id a stored value names, given the photo id it was stored for. */
export function decodeOwner(photoId: bigint, value: Buffer): bigint {
  if (value.length === FULL_ID_BYTES) return value.readBigUInt64LE();
  if (value.length > FULL_ID_BYTES)
    throw new Error(`not a photo-owner value: ${value.length} bytes`);
  let compact = 0n;
  for (let i = value.length - 1; i >= 0; i--) compact = (compact << 8n) | BigInt(value[i]);
  const ms = compact & OWNER_MS_MASK;
  const seq = compact >> OWNER_MS_BITS;
  return (ms << MS_SHIFT) | (shardBitsOf(photoId) << SEQUENCE_BITS) | seq;
}

function littleEndianTrimmed(n: bigint): Buffer {
  const bytes: number[] = [];
  for (let rest = n; rest > 0n; rest >>= 8n) bytes.push(Number(rest & 0xffn));
  return Buffer.from(bytes);
}

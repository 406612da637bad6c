import { composeId, MAX_MS, MAX_SEQUENCE, MAX_SHARD } from '@photofeed/ids';
import { bucketField, bucketKey, decodeOwner, encodeOwner } from './layout';

const P = 'po:';
const id = (ms: number, shard: number, sequence: number): bigint =>
  composeId({ ms, shard, sequence });
const where = (photo: bigint): string => `${bucketKey(P, photo)} ${bucketField(photo)}`;

describe('photo-owner layout', () => {
  const extremes = [0, 1, 2047, 2048, 2 ** 32, MAX_MS];
  const shards = [0, 1, 2047, MAX_SHARD];
  const sequences = [0, 1, MAX_SEQUENCE];

  it('round-trips owners at every extreme of the id layout, on the same shard', () => {
    for (const shard of shards)
      for (const photoMs of extremes)
        for (const ownerMs of extremes)
          for (const seq of sequences) {
            const photo = id(photoMs, shard, seq);
            const owner = id(ownerMs, shard, MAX_SEQUENCE - seq);
            const value = encodeOwner(photo, owner);
            expect(value.length).toBeLessThanOrEqual(7);
            expect(decodeOwner(photo, value)).toBe(owner);
          }
  });

  it('stores an owner of another shard whole (8 bytes) and still reads it back exactly', () => {
    const photo = id(MAX_MS, 5, 3);
    for (const owner of [id(0, 6, 0), id(MAX_MS, MAX_SHARD, MAX_SEQUENCE), id(123, 0, 1)]) {
      const value = encodeOwner(photo, owner);
      expect(value.length).toBe(8);
      expect(decodeOwner(photo, value)).toBe(owner);
    }
  });

  it('names one (key, field) per photo: neighbours in every part of the id never collide', () => {
    const seen = new Map<string, bigint>();
    for (const ms of [0, 1, 2046, 2047, 2048, 2049, 4095, 4096, MAX_MS - 1, MAX_MS])
      for (const shard of [0, 1, 2046, 2047, 2048, MAX_SHARD - 1, MAX_SHARD])
        for (const seq of [0, 1, 2, MAX_SEQUENCE - 1, MAX_SEQUENCE]) {
          const photo = id(ms, shard, seq);
          expect(seen.get(where(photo))).toBeUndefined();
          seen.set(where(photo), photo);
        }
    expect(seen.size).toBe(10 * 7 * 5);
  });

  it('puts 2048 ms of every shard in one bucket, and the next millisecond in the next', () => {
    expect(bucketKey(P, id(4096, 0, 0))).toBe(bucketKey(P, id(6143, MAX_SHARD, MAX_SEQUENCE)));
    expect(bucketKey(P, id(6144, 0, 0))).not.toBe(bucketKey(P, id(6143, 0, 0)));
    expect(bucketKey(P, id(MAX_MS, 0, 0)).startsWith(P)).toBe(true);
  });

  it('keeps the common case small: a 24-bit integer field and a 5-byte value', () => {
    // Shards below 2048, sequence 0: the field fits listpack's 24-bit integer encoding.
    const photo = id(MAX_MS, 2047, 0);
    expect(BigInt(bucketField(photo))).toBeLessThan(2n ** 23n);
    // Canonical decimal, or listpack would keep it as a string.
    expect(bucketField(photo)).toBe(BigInt(bucketField(photo)).toString());
    // Any owner registered 2^32 ms (~50 days) or more after the epoch, sequence 0.
    expect(encodeOwner(photo, id(2 ** 32, 2047, 0)).length).toBe(5);
    expect(encodeOwner(photo, id(MAX_MS, 2047, 0)).length).toBe(5);
  });

  it('refuses a value no owner was encoded as', () => {
    expect(() => decodeOwner(id(1, 1, 1), Buffer.alloc(9))).toThrow(/not a photo-owner value/);
  });
});

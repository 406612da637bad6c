import { composeId } from '@photofeed/ids';
import { decodeMember, encodeMember, HomeFeedKeys, padId } from './keys';

describe('home-feed members', () => {
  // Same millisecond, beyond 2^53: as doubles these ids are all equal.
  const ms = 2 ** 39;
  const ids = [
    composeId({ ms, shard: 7, sequence: 3 }),
    composeId({ ms, shard: 7, sequence: 4 }),
    composeId({ ms, shard: 8, sequence: 0 }),
    composeId({ ms: ms + 1, shard: 0, sequence: 0 }),
  ];

  it('uses ids whose doubles collide (the case scores could not order)', () => {
    expect(Number(ids[0])).toBe(Number(ids[1]));
    expect(ids[0]).toBeLessThan(ids[1]);
  });

  it('orders members byte-wise exactly as the ids order numerically, whatever the author', () => {
    const members = ids.map((id, i) => encodeMember(id, i % 2 ? '9' : '1234567890123456789'));
    const byBytes = [...members].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(byBytes).toEqual(members);
    expect(padId(5n) < padId(10n)).toBe(true);
  });

  it('round-trips photo and author ids, and refuses anything else', () => {
    const member = encodeMember(ids[2], '42');
    expect(member).toHaveLength(19 + 1 + 2);
    expect(decodeMember(member)).toEqual({ photoId: ids[2].toString(), authorId: '42' });
    expect(decodeMember(encodeMember('1', '2'))).toEqual({ photoId: '1', authorId: '2' });
    expect(() => encodeMember('-1', '2')).toThrow(RangeError);
    expect(() => encodeMember('1', '2:3')).toThrow(RangeError);
    expect(() => decodeMember('12:3')).toThrow();
  });

  it('keeps every key of a version under its prefix, last reads under the state prefix', () => {
    const keys = new HomeFeedKeys('home-feed:v1:', 'home-feed:');
    expect([
      keys.feed('1'),
      keys.floor('1'),
      keys.posts('1'),
      keys.followers('1'),
      keys.following('1'),
      keys.celebrities,
    ]).toEqual([
      'home-feed:v1:feed:1',
      'home-feed:v1:floor:1',
      'home-feed:v1:posts:1',
      'home-feed:v1:followers:1',
      'home-feed:v1:following:1',
      'home-feed:v1:celebrities',
    ]);
    expect(keys.feedPrefix + '1').toBe(keys.feed('1'));
    expect(keys.lastRead).toBe('home-feed:last-read');
  });
});

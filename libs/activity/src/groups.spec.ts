import { dayStamp, followGroupId, isGroupId, likeGroupId, parseGroupId } from './groups';
import { actorsKey, appliedKey, groupIndexKey, positionStamp, seenKey } from './keys';

describe('activity groups', () => {
  it('puts an event in the UTC day of its own time, whatever offset the time was written with', () => {
    expect(dayStamp(Date.parse('2026-03-15T23:59:59.999Z'))).toBe('20260315');
    expect(dayStamp(Date.parse('2026-03-16T00:00:00.000Z'))).toBe('20260316');
    // 00:30 in UTC+2 is 22:30 the day before in UTC.
    expect(dayStamp(Date.parse('2026-03-16T00:30:00+02:00'))).toBe('20260315');
    expect(() => dayStamp(Number.NaN)).toThrow();
  });

  it('names a like group by photo and day, a follow group by day, and reads them back', () => {
    const at = Date.parse('2026-11-22T10:00:00Z');
    expect(likeGroupId('7301', at)).toBe('l:7301:20261122');
    expect(followGroupId(at)).toBe('f:20261122');
    expect(parseGroupId('l:7301:20261122')).toEqual({
      kind: 'like',
      photoId: '7301',
      day: '2026-11-22',
    });
    expect(parseGroupId('f:20261122')).toEqual({
      kind: 'follow',
      photoId: null,
      day: '2026-11-22',
    });
  });

  it('knows its own group ids from anything else', () => {
    for (const bad of ['', 'l:7301', 'l:07301:20261122', 'x:20261122', 'f:2026112', 'f:20261122 '])
      expect(isGroupId(bad)).toBe(false);
    expect(() => parseGroupId('l:1:2026')).toThrow(/not an activity group id/);
  });

  it("keeps a user's keys under the prefix, in one cluster slot, and last-seen outside the version", () => {
    const keys = [
      groupIndexKey('activity:v1:', '42'),
      actorsKey('activity:v1:', '42', 'f:20261122'),
      appliedKey('activity:v1:', '42'),
    ];
    for (const key of keys) expect(key).toMatch(/^activity:v1:\{42\}:/);
    expect(new Set(keys).size).toBe(3);
    expect(seenKey('activity-state:', '42')).toBe('activity-state:{42}:seen');
  });

  it("stamps log positions so that byte order is the log's order", () => {
    const positions = [
      { tx: 0n, seq: 0n },
      { tx: 9n, seq: 99n },
      { tx: 9n, seq: 100n },
      { tx: 10n, seq: 1n },
      { tx: 2n ** 53n + 1n, seq: 5n },
      { tx: 2n ** 64n - 1n, seq: 2n ** 63n - 1n },
    ];
    const stamps = positions.map(positionStamp);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps.map((s) => s.length))).toEqual(new Set([41]));
    expect(() => positionStamp({ tx: -1n, seq: 0n })).toThrow(RangeError);
  });
});

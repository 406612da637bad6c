import { encodeCursor, InvalidCursorError } from '@photofeed/pagination';
import {
  decodeActivityCursor,
  encodeActivityCursor,
  groupsAfter,
  toPositions,
} from './activity-cursor';

describe('activity cursor', () => {
  it('round-trips a position and reads as nothing', () => {
    const position = { atMs: 1_795_000_000_123, groupId: 'l:7301234567890123456:20261122' };
    const cursor = encodeActivityCursor(position);
    expect(cursor).not.toContain('7301');
    expect(decodeActivityCursor(cursor)).toEqual(position);
  });

  it("refuses another list's cursor, garbage, and positions no group could have", () => {
    for (const bad of [
      encodeCursor('home-feed', '1:f:20261122'),
      encodeCursor('activity', 'x:f:20261122'),
      encodeCursor('activity', '1:g:20261122'),
      encodeCursor('activity', '1'),
      encodeCursor('activity', '99999999999999999:f:20261122'),
      '!!',
    ])
      expect(() => decodeActivityCursor(bad)).toThrow(InvalidCursorError);
  });

  it('reads a WITHSCORES reply as positions, flat (RESP2) or in pairs (RESP3)', () => {
    const expected = [
      { groupId: 'f:20261122', atMs: 12 },
      { groupId: 'l:1:20261122', atMs: 11 },
    ];
    expect(toPositions(['f:20261122', '12', 'l:1:20261122', '11'])).toEqual(expected);
    expect(
      toPositions([
        ['f:20261122', 12],
        ['l:1:20261122', '11'],
      ]),
    ).toEqual(expected);
  });

  it('continues after the cursor: same-time groups below it in descending id order, then older', () => {
    const after = { atMs: 50, groupId: 'l:5:20261122' };
    const sameTime = toPositions([
      'l:3:20261122',
      '50',
      'l:9:20261122',
      '50',
      'l:4:20261122',
      '50',
      'l:5:20261122',
      '50',
    ]);
    const older = toPositions(['l:8:20261122', '49', 'f:20261121', '10']);
    expect(groupsAfter(after, sameTime, older).map((g) => g.groupId)).toEqual([
      'l:4:20261122',
      'l:3:20261122',
      'l:8:20261122',
      'f:20261121',
    ]);
  });
});

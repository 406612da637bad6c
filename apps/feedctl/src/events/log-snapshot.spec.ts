import { committedIn, parseSnapshot } from './log-snapshot';

describe('parseSnapshot / committedIn', () => {
  const snapshot = parseSnapshot('100:105:100,103');

  it('reads xmin, xmax and the transactions still running', () => {
    expect(snapshot).toEqual({ xmin: 100n, xmax: 105n, running: new Set([100n, 103n]) });
    expect(parseSnapshot('7:7:')).toEqual({ xmin: 7n, xmax: 7n, running: new Set() });
  });

  it('everything below xmin had committed; from xmax on nothing had', () => {
    expect(committedIn(snapshot, 99n)).toBe(true);
    expect(committedIn(snapshot, 105n)).toBe(false);
    expect(committedIn(snapshot, 2n ** 63n)).toBe(false);
  });

  it('between them, all but the running ones', () => {
    expect([100n, 101n, 102n, 103n, 104n].map((tx) => committedIn(snapshot, tx))).toEqual([
      false,
      true,
      true,
      false,
      true,
    ]);
  });

  it('refuses what is not a snapshot', () => {
    expect(() => parseSnapshot('100-105')).toThrow('not a pg_snapshot');
  });
});

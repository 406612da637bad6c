import { InvalidArgumentError } from 'commander';
import {
  categoriesArgument,
  countArgument,
  durationArgument,
  positionArgument,
  revisionArgument,
} from './arguments';

describe('positionArgument', () => {
  it('reads the log text form', () => {
    expect(positionArgument('1234-56')).toEqual({ tx: 1234n, seq: 56n });
    expect(positionArgument('0-0')).toEqual({ tx: 0n, seq: 0n });
  });

  it.each(['abc', '12', '12-', '-5', '1-2-3', '1.5-2', ''])('refuses %j', (text) => {
    expect(() => positionArgument(text)).toThrow(InvalidArgumentError);
  });
});

describe('countArgument', () => {
  it('takes whole numbers from its minimum', () => {
    expect(countArgument(0)('0')).toBe(0);
    expect(countArgument(1)('25')).toBe(25);
  });

  it.each(['-1', '1.5', '1e3', 'ten', '', '99999999999999999999'])('refuses %j', (text) => {
    expect(() => countArgument(0)(text)).toThrow(InvalidArgumentError);
  });

  it('refuses numbers below the minimum', () => {
    expect(() => countArgument(1)('0')).toThrow('≥ 1');
  });
});

describe('revisionArgument', () => {
  it('takes revisions as bigint, up to the largest Postgres bigint', () => {
    expect(revisionArgument('9223372036854775807')).toBe(9223372036854775807n);
    expect(() => revisionArgument('9223372036854775808')).toThrow(InvalidArgumentError);
    expect(() => revisionArgument('-1')).toThrow(InvalidArgumentError);
  });
});

describe('categoriesArgument', () => {
  it('collects every value of the variadic option', () => {
    expect(categoriesArgument('like', categoriesArgument('photo', undefined))).toEqual([
      'photo',
      'like',
    ]);
  });

  it.each(['photo-1', 'photo%', '', 'a b'])(
    'refuses %j (not a category the filter can match)',
    (c) => {
      expect(() => categoriesArgument(c, undefined)).toThrow(InvalidArgumentError);
    },
  );
});

describe('durationArgument', () => {
  it.each([
    ['30s', 30],
    ['15m', 900],
    ['1h', 3_600],
    ['24h', 86_400],
    ['7d', 604_800],
    ['2w', 1_209_600],
    ['1h30m', 5_400],
  ])('%s is %i seconds', (text, seconds) => {
    expect(durationArgument(text)).toEqual({ text, seconds });
  });

  it.each(['1y', '1', 'h', '1.5h', '-1h', '0s', '0h0m', '1 h', ''])('refuses %j', (text) => {
    expect(() => durationArgument(text)).toThrow(InvalidArgumentError);
  });
});

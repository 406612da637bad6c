import {
  composeId,
  decodeId,
  formatId,
  ID_EPOCH,
  idRangeForTime,
  InvalidIdError,
  MAX_ID,
  MAX_MS,
  MAX_SEQUENCE,
  MAX_SHARD,
  parseId,
  shardOf,
  type IdParts,
} from './codec';

describe('id layout', () => {
  it('puts sequence in bits 0-9, shard in bits 10-22, ms from bit 23', () => {
    expect(composeId({ ms: 0, shard: 0, sequence: 1 })).toBe(1n);
    expect(composeId({ ms: 0, shard: 0, sequence: 1023 })).toBe(1023n);
    expect(composeId({ ms: 0, shard: 1, sequence: 0 })).toBe(1024n);
    expect(composeId({ ms: 0, shard: 8191, sequence: 0 })).toBe(8191n << 10n);
    expect(composeId({ ms: 1, shard: 0, sequence: 0 })).toBe(1n << 23n);
    expect(composeId({ ms: MAX_MS, shard: MAX_SHARD, sequence: MAX_SEQUENCE })).toBe(MAX_ID);
    expect(MAX_ID).toBe(9223372036854775807n); // Postgres bigint max
  });

  it('matches a known vector', () => {
    // 2026-11-22T12:34:56.789Z = 1795350896789 - 1767225600000 = 28125296789 ms since the epoch
    const id = composeId({ ms: 28125296789, shard: 4321, sequence: 77 });
    expect(id).toBe(28125296789n * 8388608n + 4321n * 1024n + 77n);
    expect(decodeId(id).timestamp.toISOString()).toBe('2026-11-22T12:34:56.789Z');
  });

  it('uses the 2026-01-01 UTC epoch', () => {
    expect(ID_EPOCH.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(decodeId(0n).timestamp).toEqual(ID_EPOCH);
    expect(decodeId(composeId({ ms: MAX_MS, shard: 0, sequence: 0 })).timestamp.toISOString()).toBe(
      '2060-11-03T19:53:47.775Z',
    );
  });

  it.each<IdParts>([
    { ms: 0, shard: 0, sequence: 0 },
    { ms: MAX_MS, shard: MAX_SHARD, sequence: MAX_SEQUENCE },
    { ms: MAX_MS, shard: 0, sequence: 0 },
    { ms: 0, shard: MAX_SHARD, sequence: 0 },
    { ms: 0, shard: 0, sequence: MAX_SEQUENCE },
    { ms: 1, shard: 1, sequence: 1 },
    { ms: 2 ** 39, shard: 4096, sequence: 512 },
    { ms: 12227696789, shard: 5, sequence: 1000 },
  ])('round-trips %o through compose, format, parse and decode', (parts) => {
    const id = composeId(parts);
    const back = id === 0n ? id : parseId(formatId(id));
    expect(back).toBe(id);
    const decoded = decodeId(back);
    expect({ ms: decoded.ms, shard: decoded.shard, sequence: decoded.sequence }).toEqual(parts);
    expect(decoded.timestamp.getTime()).toBe(ID_EPOCH.getTime() + parts.ms);
    expect(shardOf(id)).toBe(parts.shard);
  });

  it('orders ids by time, then shard, then sequence', () => {
    // Each neighbour differs in the field that must dominate everything after it.
    const ordered: IdParts[] = [
      { ms: 0, shard: 0, sequence: 0 },
      { ms: 0, shard: 0, sequence: MAX_SEQUENCE },
      { ms: 0, shard: 1, sequence: 0 },
      { ms: 0, shard: MAX_SHARD, sequence: MAX_SEQUENCE },
      { ms: 1, shard: 0, sequence: 0 },
      { ms: 1, shard: MAX_SHARD, sequence: MAX_SEQUENCE },
      { ms: 2 ** 39, shard: 0, sequence: 0 },
      { ms: MAX_MS, shard: 0, sequence: 0 },
    ];
    const ids = ordered.map(composeId);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]);
  });

  it('orders a pseudo-random sample the same as its (ms, shard, sequence) tuples', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const parts: IdParts[] = Array.from({ length: 500 }, () => ({
      ms: rand(50),
      shard: rand(4) * 2730,
      sequence: rand(3) * 511,
    }));
    const byTuple = [...parts].sort(
      (a, b) => a.ms - b.ms || a.shard - b.shard || a.sequence - b.sequence,
    );
    const byId = [...parts].sort((a, b) => {
      const d = composeId(a) - composeId(b);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    });
    expect(byId).toEqual(byTuple);
  });
});

describe('composeId range checks', () => {
  it.each<[string, IdParts, RegExp]>([
    ['negative ms', { ms: -1, shard: 0, sequence: 0 }, /ms .*0\.\.1099511627775, got -1/],
    ['ms past 2^40-1 (would set the sign bit)', { ms: MAX_MS + 1, shard: 0, sequence: 0 }, /ms/],
    ['fractional ms', { ms: 1.5, shard: 0, sequence: 0 }, /ms/],
    ['NaN ms', { ms: NaN, shard: 0, sequence: 0 }, /ms/],
    [
      'negative shard',
      { ms: 0, shard: -1, sequence: 0 },
      /shard must be an integer in 0\.\.8191, got -1/,
    ],
    ['shard 8192', { ms: 0, shard: 8192, sequence: 0 }, /shard .*got 8192/],
    [
      'sequence 1024',
      { ms: 0, shard: 0, sequence: 1024 },
      /sequence must be an integer in 0\.\.1023, got 1024/,
    ],
    ['negative sequence', { ms: 0, shard: 0, sequence: -1 }, /sequence/],
  ])('rejects %s', (_label, parts, message) => {
    expect(() => composeId(parts)).toThrow(RangeError);
    expect(() => composeId(parts)).toThrow(message);
  });
});

describe('parseId', () => {
  it('accepts canonical decimals from 1 to 2^63-1', () => {
    expect(parseId('1')).toBe(1n);
    expect(parseId('9223372036854775807')).toBe(MAX_ID);
    expect(parseId('102576998227083341')).toBe(102576998227083341n);
  });

  it.each<[string, unknown]>([
    ['negative', '-1'],
    ['leading zero', '01'],
    ['zero (never issued)', '0'],
    ['exponent', '1e3'],
    ['leading space', ' 1'],
    ['trailing space', '1 '],
    ['trailing newline', '1\n'],
    ['plus sign', '+1'],
    ['decimal point', '1.0'],
    ['hex', '0x10'],
    ['underscore', '1_000'],
    ['non-ASCII digits', '١٢٣'],
    ['2^63', '9223372036854775808'],
    ['2^64', '18446744073709551616'],
    ['20 digits', '10000000000000000000'],
    ['empty', ''],
    ['a number', 123],
    ['a bigint', 123n],
    ['null', null],
    ['undefined', undefined],
    ['an object', { id: '1' }],
    ['an array', ['1']],
  ])('rejects %s', (_label, input) => {
    expect(() => parseId(input)).toThrow(InvalidIdError);
  });

  it('says what was wrong and keeps the input', () => {
    const err = catchError(() => parseId('01'));
    expect(err).toBeInstanceOf(InvalidIdError);
    expect(err.message).toBe(
      'id must be a positive decimal integer without sign, spaces or leading zeros, got "01"',
    );
    expect((err as InvalidIdError).input).toBe('01');
    expect(catchError(() => parseId(5)).message).toBe(
      'id must be a string of decimal digits, got number 5',
    );
    expect(catchError(() => parseId('9223372036854775808')).message).toMatch(/at most 2\^63-1/);
  });

  it('bounds the echoed input', () => {
    const message = catchError(() => parseId('x'.repeat(10_000))).message;
    expect(message.length).toBeLessThan(150);
  });
});

describe('bigint range checks', () => {
  it.each([-1n, MAX_ID + 1n, 1n << 64n])('decodeId, shardOf and formatId reject %p', (id) => {
    expect(() => decodeId(id)).toThrow(InvalidIdError);
    expect(() => shardOf(id)).toThrow(InvalidIdError);
    expect(() => formatId(id)).toThrow(InvalidIdError);
  });

  it('formatId rejects a number', () => {
    expect(() => formatId(5 as unknown as bigint)).toThrow(InvalidIdError);
  });
});

describe('idRangeForTime', () => {
  const at = (iso: string) => new Date(iso);

  it('spans every shard and sequence of the first and last millisecond, inclusive', () => {
    const from = at('2026-03-01T00:00:00.000Z');
    const to = at('2026-03-01T00:00:00.999Z');
    const { min, max } = idRangeForTime(from, to);
    const fromMs = from.getTime() - ID_EPOCH.getTime();
    expect(min).toBe(composeId({ ms: fromMs, shard: 0, sequence: 0 }));
    expect(max).toBe(composeId({ ms: fromMs + 999, shard: MAX_SHARD, sequence: MAX_SEQUENCE }));
    // Just outside on each side.
    expect(min - 1n).toBe(composeId({ ms: fromMs - 1, shard: MAX_SHARD, sequence: MAX_SEQUENCE }));
    expect(max + 1n).toBe(composeId({ ms: fromMs + 1000, shard: 0, sequence: 0 }));
  });

  it('contains exactly the ids whose time is in the window', () => {
    const from = at('2026-06-01T10:00:00.000Z');
    const to = at('2026-06-01T11:00:00.000Z');
    const { min, max } = idRangeForTime(from, to);
    const idAt = (iso: string, shard: number, sequence: number) =>
      composeId({ ms: at(iso).getTime() - ID_EPOCH.getTime(), shard, sequence });
    const inside = [
      idAt('2026-06-01T10:00:00.000Z', 0, 0),
      idAt('2026-06-01T10:30:00.000Z', 77, 5),
      idAt('2026-06-01T11:00:00.000Z', MAX_SHARD, MAX_SEQUENCE),
    ];
    const outside = [
      idAt('2026-06-01T09:59:59.999Z', MAX_SHARD, MAX_SEQUENCE),
      idAt('2026-06-01T11:00:00.001Z', 0, 0),
    ];
    for (const id of inside) expect(id >= min && id <= max).toBe(true);
    for (const id of outside) expect(id >= min && id <= max).toBe(false);
  });

  it('clamps times outside the id space', () => {
    expect(idRangeForTime(at('2020-01-01T00:00:00Z'), at('2100-01-01T00:00:00Z'))).toEqual({
      min: 0n,
      max: MAX_ID,
    });
  });

  it('gives an empty range (min > max) for a window outside the id space', () => {
    const before = idRangeForTime(at('2020-01-01T00:00:00Z'), at('2025-12-31T23:59:59.999Z'));
    expect(before.min).toBeGreaterThan(before.max);
    const after = idRangeForTime(at('2061-01-01T00:00:00Z'), at('2070-01-01T00:00:00Z'));
    expect(after.min).toBeGreaterThan(after.max);
  });

  it('rejects a reversed window and invalid dates', () => {
    expect(() => idRangeForTime(at('2026-02-01T00:00:00Z'), at('2026-01-31T00:00:00Z'))).toThrow(
      /is after/,
    );
    expect(() => idRangeForTime(new Date(NaN), at('2026-01-31T00:00:00Z'))).toThrow(
      /from must be a valid Date/,
    );
    expect(() =>
      idRangeForTime(at('2026-01-31T00:00:00Z'), '2026-02-01' as unknown as Date),
    ).toThrow(/to must be a valid Date/);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

import {
  decodeBigIntCursor,
  decodeCursor,
  encodeBigIntCursor,
  encodeCursor,
  InvalidCursorError,
} from './cursor';

describe('page cursors', () => {
  it('round-trips a value for its kind and is opaque (no readable kind or value)', () => {
    const cursor = encodeCursor('home-feed', '7301234567890123456');
    expect(cursor).not.toContain('home');
    expect(decodeCursor('home-feed', cursor)).toBe('7301234567890123456');
  });

  it('round-trips 64-bit integers exactly, beyond 2^53', () => {
    const big = (1n << 63n) - 1n;
    expect(decodeBigIntCursor('photos', encodeBigIntCursor('photos', big))).toBe(big);
    expect(decodeBigIntCursor('photos', encodeBigIntCursor('photos', 2n ** 53n + 1n))).toBe(
      2n ** 53n + 1n,
    );
  });

  it("refuses another list's cursor, garbage, and out-of-range integers", () => {
    const followers = encodeBigIntCursor('followers', 5n);
    expect(() => decodeBigIntCursor('following', followers)).toThrow(InvalidCursorError);
    expect(() => decodeCursor('photos', '!!!')).toThrow(InvalidCursorError);
    expect(() => decodeCursor('photos', '')).toThrow(InvalidCursorError);
    expect(() => decodeBigIntCursor('photos', encodeCursor('photos', '-1'))).toThrow(
      InvalidCursorError,
    );
    expect(() =>
      decodeBigIntCursor('photos', encodeCursor('photos', '9223372036854775808')),
    ).toThrow(InvalidCursorError);
    expect(() => decodeCursor('photos', 'A'.repeat(600))).toThrow(InvalidCursorError);
  });
});

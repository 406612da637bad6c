import { encodeCursor, InvalidCursorError } from '@photofeed/pagination';
import { cursorBound, decodeHomeFeedCursor, encodeHomeFeedCursor } from './cursor';

describe('home-feed cursor', () => {
  it('round-trips a 64-bit photo id exactly and the count served', () => {
    const position = { photoId: 2n ** 62n + 1n, served: 40 };
    const cursor = encodeHomeFeedCursor(position);
    expect(decodeHomeFeedCursor(cursor)).toEqual(position);
    expect(cursorBound(position)).toBe((2n ** 62n + 1n).toString().padStart(19, '0'));
    expect(cursorBound(undefined)).toBe('');
  });

  it("refuses other lists' cursors and malformed values", () => {
    expect(() => decodeHomeFeedCursor(encodeCursor('photos', '5.1'))).toThrow(InvalidCursorError);
    expect(() => decodeHomeFeedCursor(encodeCursor('home-feed', '5'))).toThrow(InvalidCursorError);
    expect(() => decodeHomeFeedCursor(encodeCursor('home-feed', '9223372036854775808.1'))).toThrow(
      InvalidCursorError,
    );
    expect(() => decodeHomeFeedCursor('***')).toThrow(InvalidCursorError);
  });
});

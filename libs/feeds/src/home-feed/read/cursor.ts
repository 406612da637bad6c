import { decodeCursor, encodeCursor, InvalidCursorError } from '@photofeed/pagination';
import { padId } from '../keys';

/**
 * Where a page of the home feed ends: the last photo id served (the next page starts strictly
 * below it, exact to 64 bits) and how many entries were served so far (the feed ends at capacity).
 */
export interface HomeFeedPosition {
  photoId: bigint;
  served: number;
}

const KIND = 'home-feed';
const VALUE = /^([0-9]{1,19})\.([0-9]{1,9})$/;
const MAX_ID = (1n << 63n) - 1n;

export function encodeHomeFeedCursor(position: HomeFeedPosition): string {
  return encodeCursor(KIND, `${position.photoId}.${position.served}`);
}

export function decodeHomeFeedCursor(cursor: string): HomeFeedPosition {
  const m = VALUE.exec(decodeCursor(KIND, cursor));
  if (!m) throw new InvalidCursorError(cursor);
  const photoId = BigInt(m[1]);
  if (photoId > MAX_ID) throw new InvalidCursorError(cursor);
  return { photoId, served: Number(m[2]) };
}

/** The bound a page reads below, as the scripts compare it: the 19-digit id. */
export function cursorBound(position: HomeFeedPosition | undefined): string {
  return position ? padId(position.photoId) : '';
}

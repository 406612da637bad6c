import type { PhotoSize } from '../photo-sizes';

export type PhotoObjectKeys = Record<PhotoSize, string>;

// A canonical decimal id (no sign, no leading zero, at most 19 digits: a positive bigint). Keys are
// built from it, so "007" and "7" must not name different objects, and "../x" must name none.
const PHOTO_ID = /^[1-9][0-9]{0,18}$/;

/**
 * Object keys are a function of the photo id alone, so a retried upload overwrites the same four
 * objects instead of leaking new ones, and deleting a photo needs nothing but its id.
 */
export function photoObjectKeys(photoId: string): PhotoObjectKeys {
  if (!PHOTO_ID.test(photoId)) throw new RangeError(`not a photo id: ${JSON.stringify(photoId)}`);
  const prefix = `photos/${photoId}`;
  return {
    original: `${prefix}/original.jpg`,
    large: `${prefix}/large.jpg`,
    medium: `${prefix}/medium.jpg`,
    small: `${prefix}/small.jpg`,
  };
}

import { InvalidCommandError } from '../shared/domain-error';
import { characterCount } from '../shared/text';
import type { PhotoLocation, PhotoObjects } from './events';

export const CAPTION_MAX = 2200;
export const PLACE_NAME_MAX = 100;

export function validCaption(caption: string): string {
  if (characterCount(caption) > CAPTION_MAX) {
    throw new InvalidCommandError(
      'invalid_caption',
      `A caption is at most ${CAPTION_MAX} characters.`,
    );
  }
  return caption;
}

/** Latitude in [-90, 90], longitude in [-180, 180], finite; a place name of at most 100 characters. */
export function validLocation(location: PhotoLocation): PhotoLocation {
  const { lat, lng, placeName } = location;
  const inRange = (value: number, limit: number) =>
    Number.isFinite(value) && value >= -limit && value <= limit;
  if (typeof lat !== 'number' || !inRange(lat, 90)) {
    throw new InvalidCommandError('invalid_location', 'Latitude is a number from -90 to 90.');
  }
  if (typeof lng !== 'number' || !inRange(lng, 180)) {
    throw new InvalidCommandError('invalid_location', 'Longitude is a number from -180 to 180.');
  }
  if (placeName === undefined) return { lat, lng };
  const trimmed = placeName.trim();
  if (characterCount(trimmed) > PLACE_NAME_MAX) {
    throw new InvalidCommandError(
      'invalid_location',
      `A place name is at most ${PLACE_NAME_MAX} characters.`,
    );
  }
  return trimmed.length === 0 ? { lat, lng } : { lat, lng, placeName: trimmed };
}

/** The api stores the renditions before posting; the event must name all four. */
export function validObjects(objects: PhotoObjects): PhotoObjects {
  const { original, large, medium, small } = objects;
  if (![original, large, medium, small].every((key) => typeof key === 'string' && key.length > 0)) {
    throw new InvalidCommandError(
      'invalid_photo_objects',
      'A photo names the storage keys of its original, large, medium and small images.',
    );
  }
  return { original, large, medium, small };
}

export function validDimensions(width: number, height: number): void {
  const positive = (value: number) => Number.isSafeInteger(value) && value > 0;
  if (!positive(width) || !positive(height)) {
    throw new InvalidCommandError(
      'invalid_photo_dimensions',
      'A photo is a positive whole number of pixels wide and high.',
    );
  }
}

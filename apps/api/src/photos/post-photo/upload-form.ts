import type { PhotoLocation } from '@photofeed/domain';
import type { FieldError } from '../../platform';
import { validationProblem } from '../photo-problems';

/** The upload's fields, shape-checked. Rules (caption length, coordinate ranges) are the domain's. */
export interface UploadForm {
  image: Buffer;
  caption: string;
  location?: PhotoLocation;
}

/** A part as @fastify/multipart attaches it to the body (`attachFieldsToBody: true`). */
interface Part {
  type?: unknown;
  value?: unknown;
  valueTruncated?: unknown;
  toBuffer?: () => Promise<Buffer>;
}

export const UPLOAD_FIELDS = ['photo', 'caption', 'lat', 'lng', 'placeName'] as const;

// A plain decimal: "52.52", "-13.4". Not "1e3", "0x10", "Infinity" or "", which Number() accepts.
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Reads a multipart body into an UploadForm, or throws one 400 `validation` problem listing every
 * field that is wrong: unknown or repeated fields, no photo file, a text field sent as a file,
 * coordinates that are not numbers, one coordinate without the other, a place name without both.
 */
export async function readUploadForm(body: unknown): Promise<UploadForm> {
  const parts = (body ?? {}) as Record<string, Part | Part[] | undefined>;
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): undefined => {
    errors.push({ field, message });
  };

  for (const name of Object.keys(parts)) {
    if (!(UPLOAD_FIELDS as readonly string[]).includes(name))
      fail(name, `property ${name} should not exist`);
    else if (Array.isArray(parts[name])) fail(name, `${name} must be sent once`);
  }
  const single = (name: string): Part | undefined => {
    const part = parts[name];
    return Array.isArray(part) ? undefined : part;
  };

  const photo = single('photo');
  if (parts.photo === undefined) fail('photo', 'photo is required: an image file');
  else if (photo && (photo.type !== 'file' || !photo.toBuffer))
    fail('photo', 'photo must be a file');

  /** A text field's value; blank counts as absent (HTML forms send their empty inputs). */
  const text = (name: string): string | undefined => {
    const part = single(name);
    if (!part) return undefined;
    if (part.type !== 'field' || typeof part.value !== 'string')
      return fail(name, `${name} must be a text field`);
    if (part.valueTruncated === true) return fail(name, `${name} is too long`);
    return part.value.trim() === '' ? undefined : part.value;
  };
  const decimal = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    if (!DECIMAL.test(raw.trim())) return fail(name, `${name} must be a decimal number`);
    return Number(raw);
  };

  const caption = text('caption') ?? '';
  const [latText, lngText] = [text('lat'), text('lng')];
  const lat = decimal('lat', latText);
  const lng = decimal('lng', lngText);
  const placeName = text('placeName');
  if ((latText === undefined) !== (lngText === undefined))
    fail(latText === undefined ? 'lat' : 'lng', 'lat and lng go together: send both or neither');
  else if (latText === undefined && placeName !== undefined)
    fail('placeName', 'placeName needs lat and lng');

  if (errors.length > 0 || !photo?.toBuffer) throw validationProblem(errors);
  const location =
    lat !== undefined && lng !== undefined
      ? { lat, lng, ...(placeName !== undefined && { placeName }) }
      : undefined;
  return { image: await photo.toBuffer(), caption, ...(location && { location }) };
}

export type SourceFormat = 'jpeg' | 'png' | 'webp';

/**
 * Recognises the accepted formats by their magic bytes. This runs before sharp sees the buffer so
 * untrusted bytes never reach libvips' other loaders (SVG, TIFF, HEIF, ...), which even
 * `metadata()` would run; sharp's own detection then has to agree.
 */
export function detectFormat(input: Buffer): SourceFormat | undefined {
  if (input.length >= 3 && input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff)
    return 'jpeg';
  if (input.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (
    input.length >= 12 &&
    input.toString('latin1', 0, 4) === 'RIFF' &&
    input.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'webp';
  return undefined;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

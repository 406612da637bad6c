import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** Test images, generated in memory with sharp itself. */

export type TestFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif';

/** One flat colour: the cheapest image to make and to process. */
export function solidImage(width: number, height: number, format: TestFormat): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .toFormat(format)
    .toBuffer();
}

/** Noise, so that encoders have real work and a truncated file loses scan data, not just padding. */
export function noiseImage(width: number, height: number, format: TestFormat): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: 'black', // required by the typings, unused with noise
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .toFormat(format)
    .toBuffer();
}

/**
 * A JPEG stored landscape (left half red, right half blue) with EXIF orientation 6 ("rotate 90°
 * clockwise to display"), copyright and GPS tags. Displayed upright it is portrait, red on top.
 */
export async function rotatedPhoneJpeg(storedWidth: number, storedHeight: number): Promise<Buffer> {
  const half = Math.floor(storedWidth / 2);
  const red = { r: 255, g: 0, b: 0 };
  const blue = { r: 0, g: 0, b: 255 };
  const rightHalf = await sharp({
    create: { width: storedWidth - half, height: storedHeight, channels: 3, background: blue },
  })
    .png()
    .toBuffer();
  return sharp({
    create: { width: storedWidth, height: storedHeight, channels: 3, background: red },
  })
    .composite([{ input: rightHalf, left: half, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Copyright: 'secret-copyright', Make: 'PhoneCo', Model: 'Phone 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1' },
    })
    .toBuffer();
}

/**
 * A decompression bomb's header: a valid PNG (signature, IHDR, an empty IDAT, IEND) that claims
 * width x height RGB pixels in ~60 bytes. Nothing may decode it; it only has to be refused.
 */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.alloc(0)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** RGB of one pixel of a decoded image. */
export async function pixelAt(
  image: Buffer,
  x: number,
  y: number,
): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

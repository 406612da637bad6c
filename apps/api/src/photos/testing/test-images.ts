import sharp from 'sharp';

/** Images for the photo tests, made in memory. */

/** A JPEG carrying EXIF (copyright, camera) that must never reach the bucket. */
export function jpegWithExif(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 90, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'secret-copyright', Make: 'PhoneCo' } })
    .toBuffer();
}

export function gif(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: 'green' } })
    .gif()
    .toBuffer();
}

// The bomb is the media library's own test image: one way to craft it.
export { pngBomb } from '@photofeed/media/testing';

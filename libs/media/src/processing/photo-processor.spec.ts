import sharp from 'sharp';
import {
  CorruptImageError,
  ImageTooLargeError,
  ImageTooSmallError,
  UnsupportedImageError,
} from '../errors';
import { PHOTO_SIZES } from '../photo-sizes';
import { noiseImage, pixelAt, pngBomb, rotatedPhoneJpeg, solidImage } from '../testing/test-images';
import { PhotoProcessor, type ProcessedPhoto } from './photo-processor';

const processor = new PhotoProcessor();

async function expectAllJpegWithoutMetadata(photo: ProcessedPhoto): Promise<void> {
  for (const size of PHOTO_SIZES) {
    const { data, width, height } = photo.images[size];
    const meta = await sharp(data).metadata();
    expect({ size, format: meta.format, width: meta.width, height: meta.height }).toEqual({
      size,
      format: 'jpeg',
      width,
      height,
    });
    expect({ size, exif: meta.exif, icc: meta.icc, xmp: meta.xmp, iptc: meta.iptc }).toEqual({
      size,
      exif: undefined,
      icc: undefined,
      xmp: undefined,
      iptc: undefined,
    });
  }
}

function dimensions(photo: ProcessedPhoto): Record<string, [number, number]> {
  return Object.fromEntries(
    PHOTO_SIZES.map((size) => [size, [photo.images[size].width, photo.images[size].height]]),
  );
}

describe('PhotoProcessor', () => {
  it.each(['jpeg', 'png', 'webp'] as const)(
    'accepts %s and makes the original plus three exact squares, all JPEG',
    async (format) => {
      const photo = await processor.process(await noiseImage(800, 600, format));

      expect(photo.sourceFormat).toBe(format);
      expect(dimensions(photo)).toEqual({
        original: [800, 600], // not enlarged
        large: [612, 612],
        medium: [306, 306],
        small: [150, 150],
      });
      await expectAllJpegWithoutMetadata(photo);
    },
  );

  it('caps the original at 2048 on its longest side and keeps the aspect', async () => {
    const photo = await processor.process(await solidImage(1000, 3000, 'jpeg'));
    expect(dimensions(photo).original).toEqual([683, 2048]);
    expect(dimensions(photo).large).toEqual([612, 612]);
  });

  it('applies EXIF orientation, then strips EXIF (copyright, GPS, camera) from every size', async () => {
    const input = await rotatedPhoneJpeg(400, 300);
    expect((await sharp(input).metadata()).orientation).toBe(6);
    expect(input.toString('latin1')).toContain('secret-copyright');

    const photo = await processor.process(input);

    // Stored 400x300 landscape, displayed 300x400 portrait: the dimensions swap...
    expect(dimensions(photo).original).toEqual([300, 400]);
    // ...and the picture is upright: red half on top, blue half at the bottom.
    const top = await pixelAt(photo.images.original.data, 150, 50);
    const bottom = await pixelAt(photo.images.original.data, 150, 350);
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);

    await expectAllJpegWithoutMetadata(photo);
    for (const size of PHOTO_SIZES) {
      const bytes = photo.images[size].data.toString('latin1');
      expect(bytes).not.toContain('secret-copyright');
      expect(bytes).not.toContain('PhoneCo');
      expect(bytes).not.toContain('Exif');
    }
  });

  it('converts an ICC-tagged image to sRGB and drops the profile', async () => {
    const p3 = await sharp(await solidImage(300, 300, 'png'))
      .jpeg()
      .withIccProfile('p3')
      .toBuffer();
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    await expectAllJpegWithoutMetadata(await processor.process(p3));
  });

  it('puts transparent pixels on white (JPEG has no alpha)', async () => {
    const transparent = await sharp({
      create: { width: 200, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const photo = await processor.process(transparent);
    expect(await pixelAt(photo.images.small.data, 75, 75)).toEqual([255, 255, 255]);
  });

  it('refuses a 30000x30000 PNG bomb of a few bytes from its header, in milliseconds', async () => {
    const bomb = pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(100);

    const started = performance.now();
    const error = await processor.process(bomb).catch((e: unknown) => e);
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect(error).toMatchObject({ code: 'image_too_large', width: 30_000, height: 30_000 });
    expect(elapsed).toBeLessThan(500);
  });

  it('takes its pixel limit from the options', async () => {
    const strict = new PhotoProcessor({ maxPixels: 1_000_000 });
    const input = await solidImage(1100, 1000, 'jpeg');
    await expect(strict.process(input)).rejects.toMatchObject({
      code: 'image_too_large',
      maxPixels: 1_000_000,
    });
    await expect(processor.process(input)).resolves.toBeDefined();
  });

  it('refuses images smaller than the smallest square, and accepts exactly that size', async () => {
    await expect(processor.process(await noiseImage(149, 400, 'png'))).rejects.toBeInstanceOf(
      ImageTooSmallError,
    );
    await expect(processor.process(await noiseImage(400, 149, 'jpeg'))).rejects.toMatchObject({
      code: 'image_too_small',
    });
    const smallest = await processor.process(await noiseImage(150, 150, 'webp'));
    expect(dimensions(smallest)).toMatchObject({ original: [150, 150], large: [612, 612] });
  });

  it.each(['gif', 'tiff', 'avif'] as const)('refuses %s as unsupported', async (format) => {
    await expect(processor.process(await solidImage(300, 300, format))).rejects.toBeInstanceOf(
      UnsupportedImageError,
    );
  });

  it.each([
    ['text', Buffer.from('hello, this is not a photo')],
    ['an empty body', Buffer.alloc(0)],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"/>')],
    ['HTML', Buffer.from('<!doctype html><img src=x onerror=alert(1)>')],
  ])('refuses %s as unsupported', async (_name, input) => {
    await expect(processor.process(input)).rejects.toMatchObject({ code: 'unsupported_image' });
  });

  it.each(['jpeg', 'png', 'webp'] as const)('refuses a truncated %s as corrupt', async (format) => {
    const whole = await noiseImage(400, 300, format);
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
    const error = await processor.process(truncated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptImageError);
    expect(error).toMatchObject({ code: 'corrupt_image' });
  });

  it('refuses a JPEG signature followed by garbage as corrupt', async () => {
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]);
    await expect(processor.process(garbage)).rejects.toBeInstanceOf(CorruptImageError);
  });
});

import { PhotoProcessor } from '@photofeed/media';
import sharp from 'sharp';
import { demoImage, demoSvg } from './demo-image';

describe('demoImage', () => {
  it('is a JPEG of the size asked for', async () => {
    const jpeg = await demoImage({ width: 720, height: 540, seed: 1 });
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 720, height: 540 });
  });

  it('is the same picture for the same seed and another one for another seed', async () => {
    const spec = { width: 640, height: 640, seed: 42 };
    expect(demoSvg(spec)).toBe(demoSvg(spec));
    expect((await demoImage(spec)).equals(await demoImage(spec))).toBe(true);
    const svgs = new Set(Array.from({ length: 50 }, (_, seed) => demoSvg({ ...spec, seed })));
    expect(svgs.size).toBe(50);
  });

  it('is a picture, not a flat colour: its pixels vary', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const stats = await sharp(await demoImage({ width: 400, height: 300, seed })).stats();
      expect(Math.max(...stats.channels.map((c) => c.stdev))).toBeGreaterThan(8);
    }
  });

  it('draws no text (its look must not depend on the fonts of the machine)', () => {
    for (let seed = 0; seed < 50; seed++)
      expect(demoSvg({ width: 640, height: 640, seed })).not.toMatch(/<text|<tspan/);
  });

  it("passes the api's photo processing", async () => {
    const processed = await new PhotoProcessor().process(
      await demoImage({ width: 540, height: 720, seed: 7 }),
    );
    expect(processed.images.original).toMatchObject({ width: 540, height: 720 });
    expect(processed.images.small).toMatchObject({ width: 150, height: 150 });
  });
});

import sharp, { type Metadata, type Sharp } from 'sharp';
import {
  CorruptImageError,
  ImageTooLargeError,
  ImageTooSmallError,
  UnsupportedImageError,
} from '../errors';
import { type PhotoSize, SQUARE_SIDES } from '../photo-sizes';
import { detectFormat, type SourceFormat } from './detect-format';

export interface PhotoProcessorOptions {
  /** Refuse inputs with more pixels than this, before decoding. Default 40 megapixels. */
  maxPixels?: number;
  /** Both sides at least this long (the smallest square we serve). Default 150. */
  minSide?: number;
  /** Longest side of the stored `original`. Default 2048. */
  maxOriginalSide?: number;
  /** JPEG quality of every output (mozjpeg). Default 82. */
  jpegQuality?: number;
}

export interface EncodedImage {
  /** JPEG bytes, without EXIF, GPS, ICC or any other metadata. */
  data: Buffer;
  width: number;
  height: number;
}

export interface ProcessedPhoto {
  /** Detected from the bytes, never from what the client declared. */
  sourceFormat: SourceFormat;
  images: Record<PhotoSize, EncodedImage>;
}

/** An upright, sRGB, 8-bit, alpha-free bitmap, at most maxOriginalSide on its longest side. */
interface UprightPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
}

/**
 * Turns an uploaded image into the JPEGs we store: `original` (longest side capped, aspect kept)
 * and the `large`/`medium`/`small` squares (centre crop).
 *
 * Cheap checks come first (magic bytes, then the header's dimensions), so a decompression bomb or a
 * non-image costs microseconds, not a decode. The input is decoded once, into an upright bitmap no
 * bigger than `original`; every size is encoded from that bitmap, concurrently. That was ~25%
 * faster than `clone()` per size (each clone decodes the input again) on a 12 MP phone photo.
 */
export class PhotoProcessor {
  private readonly maxPixels: number;
  private readonly minSide: number;
  private readonly maxOriginalSide: number;
  private readonly jpegQuality: number;

  constructor(options: PhotoProcessorOptions = {}) {
    this.maxPixels = options.maxPixels ?? 40_000_000;
    this.minSide = options.minSide ?? 150;
    this.maxOriginalSide = options.maxOriginalSide ?? 2048;
    this.jpegQuality = options.jpegQuality ?? 82;
  }

  async process(input: Buffer): Promise<ProcessedPhoto> {
    const sourceFormat = detectFormat(input);
    if (!sourceFormat) throw new UnsupportedImageError(undefined);

    const header = await readHeader(input);
    if (header.format !== sourceFormat) throw new UnsupportedImageError(header.format);
    this.checkDimensions(header);

    const pixels = await this.decodeUpright(input);
    const [original, large, medium, small] = await Promise.all([
      this.encode(fromPixels(pixels)),
      ...[SQUARE_SIDES.large, SQUARE_SIDES.medium, SQUARE_SIDES.small].map((side) =>
        this.encode(fromPixels(pixels).resize(side, side, { fit: 'cover', position: 'centre' })),
      ),
    ]);
    return { sourceFormat, images: { original, large, medium, small } };
  }

  private checkDimensions({ width, height }: Metadata): void {
    if (!width || !height) throw new CorruptImageError('the header has no dimensions');
    if (width * height > this.maxPixels)
      throw new ImageTooLargeError(width, height, this.maxPixels);
    if (Math.min(width, height) < this.minSide)
      throw new ImageTooSmallError(width, height, this.minSide);
  }

  private async decodeUpright(input: Buffer): Promise<UprightPixels> {
    try {
      const { data, info } = await sharp(input, {
        // Second line of defence behind checkDimensions: libvips itself refuses to go further.
        limitInputPixels: this.maxPixels,
        // 'error', not the default 'warning': phones and cameras write JPEGs with harmless warnings
        // (extraneous bytes, odd markers) that we must not reject; truncation and real decode
        // errors still fail ('none' would silently store a half-grey photo).
        failOn: 'error',
      })
        .rotate() // apply EXIF orientation: a phone's portrait photo comes out upright
        .flatten({ background: '#ffffff' }) // JPEG has no alpha: transparent becomes white, not black
        .toColourspace('srgb') // CMYK, greyscale, 16-bit, ICC-tagged: all to plain sRGB
        .resize({
          width: this.maxOriginalSide,
          height: this.maxOriginalSide,
          fit: 'inside',
          withoutEnlargement: true,
        })
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
      return { data, width: info.width, height: info.height, channels: 3 };
    } catch (error) {
      if (error instanceof Error && /exceeds pixel limit/i.test(error.message))
        throw new ImageTooLargeError(undefined, undefined, this.maxPixels);
      throw new CorruptImageError(messageOf(error), { cause: error });
    }
  }

  /** Raw pixels in, so the output carries no metadata at all: nothing to strip, nothing to leak. */
  private async encode(pipeline: Sharp): Promise<EncodedImage> {
    const { data, info } = await pipeline
      .jpeg({ quality: this.jpegQuality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  }
}

/** Parses the header only (no pixel decode), so it is cheap even for a 30000x30000 bomb. */
async function readHeader(input: Buffer): Promise<Metadata> {
  try {
    // No pixel limit here on purpose: we want the dimensions, to refuse with a precise error.
    return await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    if (error instanceof Error && /unsupported image format/i.test(error.message))
      throw new UnsupportedImageError(undefined);
    throw new CorruptImageError(messageOf(error), { cause: error });
  }
}

function fromPixels({ data, width, height, channels }: UprightPixels): Sharp {
  return sharp(data, { raw: { width, height, channels } });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/**
 * Errors the api maps to HTTP statuses. Each carries a stable `code` (part of the API contract:
 * clients switch on it), so a reworded message never breaks anyone.
 */

/** Not a JPEG, PNG or WebP by its bytes, whatever the client declared. HTTP 415. */
export class UnsupportedImageError extends Error {
  readonly code = 'unsupported_image';

  constructor(readonly detectedFormat: string | undefined) {
    super(
      detectedFormat
        ? `unsupported image format '${detectedFormat}': only JPEG, PNG and WebP are accepted`
        : 'not a recognised image: only JPEG, PNG and WebP are accepted',
    );
    this.name = 'UnsupportedImageError';
  }
}

/**
 * More pixels than we decode (a decompression bomb, or just a huge scan). HTTP 422, not 413: 413
 * means the request body is too big, and a bomb's body is a few KB; what is wrong is what the
 * bytes declare, which is a semantic (422) problem. Byte limits stay with the HTTP layer's 413.
 */
export class ImageTooLargeError extends Error {
  readonly code = 'image_too_large';

  constructor(
    readonly width: number | undefined,
    readonly height: number | undefined,
    readonly maxPixels: number,
  ) {
    super(
      width && height
        ? `image is ${width}x${height} (${width * height} pixels), the limit is ${maxPixels} pixels`
        : `image exceeds the limit of ${maxPixels} pixels`,
    );
    this.name = 'ImageTooLargeError';
  }
}

/** Smaller than the smallest size we serve. HTTP 422. */
export class ImageTooSmallError extends Error {
  readonly code = 'image_too_small';

  constructor(
    readonly width: number,
    readonly height: number,
    readonly minSide: number,
  ) {
    super(`image is ${width}x${height}, both sides must be at least ${minSide} pixels`);
    this.name = 'ImageTooSmallError';
  }
}

/** The right kind of file, but truncated or damaged so it does not decode. HTTP 422. */
export class CorruptImageError extends Error {
  readonly code = 'corrupt_image';

  constructor(detail: string, options?: { cause?: unknown }) {
    super(`image could not be decoded: ${detail}`, options);
    this.name = 'CorruptImageError';
  }
}

/** The object store failed (our side, not the client's). HTTP 503: the upload may be retried. */
export class PhotoStorageError extends Error {
  readonly code = 'photo_storage_failed';

  constructor(
    message: string,
    readonly photoId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PhotoStorageError';
  }
}

/** What processing an upload can throw for bad input: every one is the client's fault (4xx). */
export type InvalidImageError =
  UnsupportedImageError | ImageTooLargeError | ImageTooSmallError | CorruptImageError;

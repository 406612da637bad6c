import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PhotoStorageError } from '../errors';
import { PHOTO_SIZES } from '../photo-sizes';
import type { ProcessedPhoto } from '../processing/photo-processor';
import { photoObjectKeys, type PhotoObjectKeys } from './photo-object-keys';
import { createS3Client, type S3ClientConfig } from './s3-client';

export interface S3PhotoStorageConfig extends S3ClientConfig {
  bucket: string;
}

// A key's bytes never change meaning (a retry re-uploads the same photo under the same key), so
// browsers and the CDN may keep them for a year without revalidating.
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Stores a processed photo's JPEGs in an S3 bucket, under keys derived from the photo id. */
export class S3PhotoStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  static fromConfig(config: S3PhotoStorageConfig): S3PhotoStorage {
    return new S3PhotoStorage(createS3Client(config), config.bucket);
  }

  /**
   * Uploads all sizes in parallel. All or nothing, as far as S3 allows: if any upload fails, all
   * four keys are deleted (best effort) and PhotoStorageError is thrown, so no half-stored photo is
   * left for nobody to reference.
   */
  async putPhoto(photoId: string, photo: ProcessedPhoto): Promise<PhotoObjectKeys> {
    const keys = photoObjectKeys(photoId);
    // allSettled, not all: cleanup must wait until every upload has finished, or a delete could
    // run before a slow put lands and the object would survive the cleanup.
    const results = await Promise.allSettled(
      PHOTO_SIZES.map((size) =>
        this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: keys[size],
            Body: photo.images[size].data,
            ContentType: 'image/jpeg',
            CacheControl: CACHE_CONTROL,
          }),
        ),
      ),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length === 0) return keys;

    // Delete all four, not only those that reported success: a put that failed on our side (a
    // timeout, a reset after the body was sent) may still have been stored. Keys are deterministic,
    // so this deletes nothing but this photo's objects.
    const cleanupError = await this.deleteKeys(Object.values(keys)).then(
      () => undefined,
      (error: unknown) => error,
    );
    throw new PhotoStorageError(
      `${failed.length} of ${PHOTO_SIZES.length} uploads of photo ${photoId} failed` +
        (cleanupError ? `; cleanup failed too, objects may be left under photos/${photoId}/` : ''),
      photoId,
      { cause: failed[0].reason },
    );
  }

  /** Deletes every size of a photo. Idempotent: deleting a photo that is not there succeeds. */
  async deletePhoto(photoId: string): Promise<void> {
    try {
      await this.deleteKeys(Object.values(photoObjectKeys(photoId)));
    } catch (error) {
      throw new PhotoStorageError(`deleting photo ${photoId} failed`, photoId, { cause: error });
    }
  }

  async getObject(key: string): Promise<Buffer> {
    const response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!response.Body) throw new Error(`object ${key} has no body`);
    return Buffer.from(await response.Body.transformToByteArray());
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** For health checks: throws unless the bucket is reachable with our credentials. */
  async ping(): Promise<void> {
    await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  private async deleteKeys(keys: string[]): Promise<void> {
    const response = await this.s3.send(
      new DeleteObjectsCommand({
        Bucket: this.bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    // DeleteObjects answers 200 even when some keys failed; a missing key is not an error in S3.
    const errors = response.Errors ?? [];
    if (errors.length > 0)
      throw new Error(errors.map((e) => `${e.Key}: ${e.Code} ${e.Message}`).join('; '));
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

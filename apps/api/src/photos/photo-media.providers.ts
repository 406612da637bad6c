import type { Provider } from '@nestjs/common';
import type { S3Client } from '@aws-sdk/client-s3';
import { PhotoProcessor, photoUrlBuilder, S3PhotoStorage, type PhotoUrls } from '@photofeed/media';
import type { PhotoObjects } from '@photofeed/domain';
import { API_CONFIG, S3_CLIENT, type ApiConfig } from '../platform';

/** Turns a photo's object keys into the URLs clients fetch (from the configured CDN base). */
export const PHOTO_URLS = Symbol('PHOTO_URLS');
export type PhotoUrlsFor = (objects: PhotoObjects) => PhotoUrls;

export const photoUrlsProvider: Provider = {
  provide: PHOTO_URLS,
  inject: [API_CONFIG],
  // Built once: a bad CDN base URL fails the boot, not every request.
  useFactory: (config: ApiConfig): PhotoUrlsFor => photoUrlBuilder(config.cdnBaseUrl),
};

/**
 * The media side of photos: the image pipeline, the bucket, and URL building. Factories, not
 * classes, because the media library is framework-free (no @Injectable, no DI metadata).
 */
export const photoMediaProviders: Provider[] = [
  { provide: PhotoProcessor, useFactory: () => new PhotoProcessor() },
  {
    provide: S3PhotoStorage,
    inject: [S3_CLIENT, API_CONFIG],
    useFactory: (s3: S3Client, config: ApiConfig) => new S3PhotoStorage(s3, config.s3.bucket),
  },
  photoUrlsProvider,
];

export {
  CorruptImageError,
  ImageTooLargeError,
  ImageTooSmallError,
  PhotoStorageError,
  UnsupportedImageError,
  type InvalidImageError,
} from './errors';
export { PHOTO_SIZES, SQUARE_SIDES, type PhotoSize } from './photo-sizes';
export { type SourceFormat } from './processing/detect-format';
export {
  PhotoProcessor,
  type EncodedImage,
  type PhotoProcessorOptions,
  type ProcessedPhoto,
} from './processing/photo-processor';
export { photoObjectKeys, type PhotoObjectKeys } from './storage/photo-object-keys';
export { createS3Client, type S3ClientConfig } from './storage/s3-client';
export { S3PhotoStorage, type S3PhotoStorageConfig } from './storage/s3-photo-storage';
export { photoUrlBuilder, photoUrls, type PhotoUrls } from './urls';

import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientConfig {
  /** For S3-compatible servers (s3rver, MinIO); omit for AWS. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`: needed by most S3-compatibles. */
  forcePathStyle?: boolean;
}

export function createS3Client(config: S3ClientConfig): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle ?? false,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
}

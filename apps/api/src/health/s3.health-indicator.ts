import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { API_CONFIG, type ApiConfig } from '../config';
import { S3_CLIENT } from '../platform/object-storage/object-storage.module';
import { PROBE_TIMEOUT_MS } from './with-timeout';

/** HeadBucket: one cheap request that proves the endpoint answers, the credentials and the bucket. */
@Injectable()
export class S3HealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async check<const Key extends string>(key: Key) {
    const indicator = this.indicators.check(key);
    try {
      // The abort signal bounds the SDK's retries too, not just one attempt.
      await this.s3.send(new HeadBucketCommand({ Bucket: this.config.s3.bucket }), {
        abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: describeS3Error(error) });
    }
  }
}

function describeS3Error(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  // HeadBucket answers have no body, so a 404 arrives as a bare "NotFound": say what it means.
  if (status === 404) return 'bucket not found';
  if (status === 403) return 'access to the bucket denied';
  return error.message || error.name;
}

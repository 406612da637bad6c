import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { S3Client } from '@aws-sdk/client-s3';
import { API_CONFIG, type ApiConfig } from '../../config';

/** One S3 client for the api (photo uploads, the readiness probe): it pools its connections. */
export const S3_CLIENT = Symbol('S3_CLIENT');

function createS3Client({ s3 }: ApiConfig): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: s3.forcePathStyle,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

@Injectable()
class S3ClientLifecycle implements OnApplicationShutdown {
  constructor(@Inject(S3_CLIENT) private readonly s3: S3Client) {}

  onApplicationShutdown(): void {
    this.s3.destroy();
  }
}

@Global()
@Module({
  providers: [
    { provide: S3_CLIENT, inject: [API_CONFIG], useFactory: createS3Client },
    S3ClientLifecycle,
  ],
  exports: [S3_CLIENT],
})
export class ObjectStorageModule {}

import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from './accounts/accounts.module';
import type { ApiConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { EventLogModule } from './event-log/event-log.module';
import { PhotosModule } from './photos/photos.module';
import { ApiConfigModule } from './platform/config/api-config.module';
import { ObjectStorageModule } from './platform/object-storage/object-storage.module';
import { SocialModule } from './social/social.module';

/**
 * The api's write side without HTTP: config, Postgres, the event log, the CommandBus and every
 * command handler (accounts, photos with image processing and S3, likes, follows, profiles), wired
 * as AppModule wires them. For a process that dispatches the api's own commands itself, through
 * `NestFactory.createApplicationContext` (feedctl seed), so what it writes is exactly what the api
 * would. No Redis, rate limits or idempotency cache: those belong to HTTP requests.
 */
@Module({})
export class WriteSideModule {
  static forRoot(config: ApiConfig, applicationName = 'photofeed-write-side'): DynamicModule {
    return {
      module: WriteSideModule,
      imports: [
        ApiConfigModule.forRoot(config),
        ObjectStorageModule,
        DatabaseModule.forRoot({ connectionString: config.databaseUrl, applicationName }),
        CqrsModule.forRoot(),
        EventLogModule.forRoot({ listenConnectionString: config.databaseDirectUrl }),
        AccountsModule.forRoot(config),
        PhotosModule,
        SocialModule,
      ],
    };
  }
}

import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import type { ApiConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from './accounts/accounts.module';
import { AdminModule } from './admin/admin.module';
import { EventLogModule } from './event-log/event-log.module';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { HealthModule } from './health/health.module';
import { PhotosModule } from './photos/photos.module';
import { PlatformModule } from './platform/platform.module';
import { ReadsModule } from './reads/reads.module';
import { SocialModule } from './social/social.module';

export type ModuleImport = NonNullable<ModuleMetadata['imports']>[number];

/** The api's root module, built from an already validated config (see config.ts). */
@Module({})
export class AppModule {
  /** `extraImports`: for tests, which add a controller of their own (see platform/testing). */
  static forRoot(config: ApiConfig, extraImports: readonly ModuleImport[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        DatabaseModule.forRoot({
          connectionString: config.databaseUrl,
          applicationName: 'photofeed-api',
        }),
        HealthModule,

        CqrsModule.forRoot(),
        // The log's session for LISTEN must be direct, not through pgbouncer.
        EventLogModule.forRoot({ listenConnectionString: config.databaseDirectUrl }),
        // Accounts also installs the global bearer-token guard (APP_GUARD): it sets
        // RequestContext.userId, which the per-user rate limit and the Idempotency-Key scope read.
        AccountsModule.forRoot(config),
        GraphqlApiModule.forRoot(),
        PhotosModule,
        SocialModule,
        ReadsModule,
        AdminModule,

        ...extraImports,
      ],
    };
  }
}

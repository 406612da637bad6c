import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import type { ApiConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { PlatformModule } from './platform/platform.module';

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

        // ── Feature modules (accounts, photos, likes, follows, devices) go here. ──
        // Authentication should be a global guard (APP_GUARD) that sets
        // `RequestContext.current().userId`: the per-user rate limit and the Idempotency-Key scope
        // read it, and both run after every APP_GUARD.

        ...extraImports,
      ],
    };
  }
}

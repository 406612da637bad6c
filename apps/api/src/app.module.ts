import { type DynamicModule, Module } from '@nestjs/common';
import type { ApiConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';

/** The api's root module, built from an already validated config (see config.ts). */
@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot({
          connectionString: config.databaseUrl,
          applicationName: 'photofeed-api',
        }),
        HealthModule,
      ],
    };
  }
}

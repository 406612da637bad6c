import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type ModuleImport } from './app.module';
import type { ApiConfig } from './config';
import { configurePlatform } from './platform/configure-platform';
import { createFastifyAdapter } from './platform/http/fastify-adapter';

export interface CreateAppOptions {
  /** Extra modules (tests add a controller of their own). */
  readonly imports?: readonly ModuleImport[];
}

/**
 * Builds the api (not yet listening). Shared by main.ts and the end-to-end tests, so the tests run
 * the same module graph and HTTP adapter as production.
 */
export async function createApp(
  config: ApiConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.imports),
    createFastifyAdapter(config),
    {
      // Held until the pino logger is installed, so even bootstrap lines are JSON.
      bufferLogs: true,
      // Body parsing is Fastify's own (JSON) plus multipart; see platform/http/content-types.ts.
      bodyParser: false,
      // Surface bootstrap errors to the caller instead of Nest calling process.exit(1) itself.
      abortOnError: false,
    },
  );
  await configurePlatform(app, config);
  return app;
}

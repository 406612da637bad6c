import { Logger as NestLogger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { ApiConfig } from '../config';
import { registerContentTypes } from './http/content-types';
import { registerIdempotencyHooks } from './idempotency/idempotency-responses';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { setupOpenApi } from './openapi/openapi';
import { UserRateLimitGuard } from './rate-limit/rate-limit.guards';
import { registerRequestContextHooks } from './request-context/request-context.hooks';

/** The Fastify-level half of the platform; runs before app.init(), so before routes exist. */
export async function configurePlatform(
  app: NestFastifyApplication,
  config: ApiConfig,
): Promise<void> {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestContextHooks(fastify);
  registerIdempotencyHooks(fastify, app.get(IdempotencyStore), new NestLogger('Idempotency'));
  await registerContentTypes(app, config);
  // After every APP_GUARD, so after authentication (see RateLimitModule).
  app.useGlobalGuards(app.get(UserRateLimitGuard));
  await setupOpenApi(app);
}

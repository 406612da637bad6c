import { type INestApplication, Logger } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_SCHEMA_MODELS, problemContent } from './problem.schema';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const OPENAPI_UI_PATH = '/docs';
/** The name routes refer to in `@ApiBearerAuth(BEARER_AUTH)`. */
export const BEARER_AUTH = 'bearer';

/**
 * Serves the OpenAPI document generated from the controllers at /openapi.json and Swagger UI at
 * /docs. The document is built on first request, after every feature module registered its routes.
 */
export async function setupOpenApi(app: INestApplication): Promise<void> {
  const config = new DocumentBuilder()
    .setTitle('photofeed')
    .setDescription(
      'Event-sourced photo feed. Errors are RFC 9457 problem details (application/problem+json) ' +
        'with a stable `type`. POST, PATCH and DELETE honour an `Idempotency-Key` header.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_AUTH)
    .addGlobalResponse(
      { status: 400, description: 'Malformed or invalid request', content: problemContent },
      { status: 429, description: 'Rate limited (see Retry-After)', content: problemContent },
      { status: 500, description: 'Server fault', content: problemContent },
    )
    .build();

  SwaggerModule.setup(
    OPENAPI_UI_PATH,
    app,
    () => SwaggerModule.createDocument(app, config, { extraModels: PROBLEM_SCHEMA_MODELS }),
    { jsonDocumentUrl: OPENAPI_JSON_PATH, raw: ['json'], ui: await canServeUiAssets() },
  );
}

/**
 * The UI's assets are served by @fastify/static, which depends on an ESM-only package. Node loads
 * it (require of ESM, node >= 20.19); jest's CommonJS runtime cannot, so under jest the UI is
 * left out and only /openapi.json is served.
 */
async function canServeUiAssets(): Promise<boolean> {
  try {
    await import('@fastify/static');
    return true;
  } catch (error) {
    new Logger('OpenApi').warn(`Swagger UI disabled: ${(error as Error).message.split('\n')[0]}`);
    return false;
  }
}

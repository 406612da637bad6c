import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigError, loadApiConfig, type ApiConfig } from './config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  let config: ApiConfig;
  try {
    config = loadApiConfig(process.env);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }

  const app = await createApp(config);
  // SIGTERM/SIGINT close the app: Fastify stops accepting and drains requests in flight, then
  // providers' shutdown hooks run (Postgres pool, Redis, S3 client). `docker stop` sends SIGTERM.
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('api').log(`listening on ${await app.getUrl()} (OpenAPI: /openapi.json, UI: /docs)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, loadServicesEnv, type TestDatabase } from '@photofeed/testing';
import { createTestReadSide, type TestReadSide } from './test-read-side';
import type { ModuleImport } from '../../app.module';
import { loadApiConfig, type ApiConfig } from '../../config';
import { createApp } from '../../create-app';

export interface TestAppOptions {
  /**
   * Env overrides: tiny limits, `TRUST_PROXY: 'true'`... Without a DATABASE_URL here, the app gets
   * a fresh database of its own (createTestDatabase), dropped on close.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra modules: a test-only controller, a stand-in authentication guard... */
  readonly imports?: readonly ModuleImport[];
  /**
   * Views of its own: two fresh shard databases (so routing is real), a Redis/memcached key
   * prefix, and every projection running in the app (PROJECTOR=inline). Without it the read
   * routes point at the test's log database, which has no shard schemas.
   */
  readonly readSide?: boolean;
}

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: ApiConfig;
  /** `http://127.0.0.1:<port>`, for fetch. */
  readonly url: string;
  /** The database created for this app; undefined when the test passed its own DATABASE_URL. */
  readonly database: TestDatabase | undefined;
  /** The shard databases and key prefix, with `readSide: true`. */
  readonly readSide: TestReadSide | undefined;
  close(): Promise<void>;
}

// Defaults for what the local services env (.services/env) does not provide.
const TEST_DEFAULTS = {
  JWT_SECRET: 'test-only-jwt-secret-0123456789abcdef',
  // Tests name their client with X-Forwarded-For (see accounts/testing/sign-up.ts freshClientIp).
  TRUST_PROXY: 'true',
  // Suites run in parallel from one IP and share Redis counters: only a test about rate limits
  // should ever meet one (and it should use its own client IP or user: see rate-limit.e2e.spec.ts).
  RATE_LIMIT_IP_LIMIT: '1000000',
  RATE_LIMIT_USER_LIMIT: '1000000',
};

/**
 * The real api (same modules, adapter and hooks as main.ts) on a random loopback port, against
 * the local services (`npm run services up`): Postgres, Redis, S3. Logs are silent unless
 * TEST_LOG_LEVEL is set (e.g. `TEST_LOG_LEVEL=debug npx jest ...`). Close it in afterAll.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  loadServicesEnv();
  const database = options.env?.DATABASE_URL ? undefined : await createTestDatabase('api_e2e');
  const readSide = options.readSide ? await createTestReadSide() : undefined;
  const databaseUrl = options.env?.DATABASE_URL ?? database?.url;
  const config = loadApiConfig({
    ...TEST_DEFAULTS,
    ...process.env,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(database ? { DATABASE_URL: database.url } : {}),
    // Never the developer's shard databases: the suite's own, or its log database (no reads).
    ...(readSide
      ? readSide.env
      : { SHARD_DATABASE_URLS: databaseUrl ?? '', PROJECTOR: 'external' }),
    ...options.env,
    HOST: '127.0.0.1',
    PORT: '0',
  });
  let app: NestFastifyApplication | undefined;
  const close = async () => {
    await app?.close();
    await readSide?.drop();
    await database?.drop();
  };
  try {
    app = await createApp(config, { imports: options.imports });
    await app.listen(config.port, config.host);
    return { app, config, url: await app.getUrl(), database, readSide, close };
  } catch (error) {
    await close();
    throw error;
  }
}

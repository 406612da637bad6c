import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, loadServicesEnv, type TestDatabase } from '@photofeed/testing';
import { loadApiConfig } from '../config';
import { createApp } from '../create-app';
import { PostgresPool } from '../database/postgres-pool';

/** Starts the api the way main.ts does (real config, Fastify, a real port) and returns its URL. */
async function startApi(
  env: NodeJS.ProcessEnv,
): Promise<{ app: NestFastifyApplication; url: string }> {
  const config = loadApiConfig({ ...env, HOST: '127.0.0.1', PORT: '0' });
  const app = await createApp(config, { logger: false });
  await app.listen(config.port, config.host);
  return { app, url: await app.getUrl() };
}

describe('health endpoints over HTTP', () => {
  describe('with a reachable database', () => {
    let db: TestDatabase;
    let app: NestFastifyApplication;
    let url: string;

    beforeAll(async () => {
      loadServicesEnv();
      db = await createTestDatabase('health_e2e');
      ({ app, url } = await startApi({ ...process.env, DATABASE_URL: db.url }));
    });

    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('GET /health/live answers 200 ok', async () => {
      const res = await fetch(`${url}/health/live`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(await res.json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    });

    it('GET /health/ready answers 200 with the database up', async () => {
      const res = await fetch(`${url}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: 'ok',
        info: { database: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' } },
      });
    });
  });

  it('closing the app ends its Postgres pool, so a stopped replica holds no connections', async () => {
    const db = await createTestDatabase('health_e2e_close');
    try {
      const { app, url } = await startApi({ ...process.env, DATABASE_URL: db.url });
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      const postgres = app.get(PostgresPool);
      expect(postgres.pool.totalCount).toBeGreaterThan(0);
      await app.close();
      expect(postgres.pool.ended).toBe(true);
    } finally {
      await db.drop();
    }
  });

  describe('with the database unreachable', () => {
    let app: NestFastifyApplication;
    let url: string;

    beforeAll(async () => {
      // Nothing listens on port 1: every connection attempt is refused.
      ({ app, url } = await startApi({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/photofeed',
      }));
    });

    afterAll(async () => {
      await app?.close();
    });

    it('GET /health/ready answers 503 and names the failing check', async () => {
      const res = await fetch(`${url}/health/ready`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body).toMatchObject({
        status: 'error',
        info: {},
        error: { database: { status: 'down', message: expect.stringContaining('ECONNREFUSED') } },
      });
    });

    it('GET /health/live still answers 200: liveness never depends on the database', async () => {
      const res = await fetch(`${url}/health/live`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
    });
  });
});

import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { PostgresPool } from '../database/postgres-pool';
import { createTestApp, type TestApp } from '../platform/testing/create-test-app';

describe('health endpoints over HTTP', () => {
  describe('with every dependency reachable', () => {
    let db: TestDatabase;
    let api: TestApp;

    beforeAll(async () => {
      db = await createTestDatabase('health_e2e');
      api = await createTestApp({ env: { DATABASE_URL: db.url } });
    });

    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('GET /health/live answers 200 ok', async () => {
      const res = await fetch(`${api.url}/health/live`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(await res.json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    });

    it('GET /health/ready answers 200 with Postgres, Redis and S3 up', async () => {
      const res = await fetch(`${api.url}/health/ready`);
      expect(res.status).toBe(200);
      const up = { database: { status: 'up' }, redis: { status: 'up' }, s3: { status: 'up' } };
      expect(await res.json()).toEqual({ status: 'ok', info: up, error: {}, details: up });
    });

    it('health routes are not rate limited', async () => {
      const res = await fetch(`${api.url}/health/live`);
      expect(res.headers.get('x-ratelimit-limit-ip')).toBeNull();
    });
  });

  it('closing the app ends its Postgres pool, so a stopped replica holds no connections', async () => {
    const db = await createTestDatabase('health_e2e_close');
    try {
      const api = await createTestApp({ env: { DATABASE_URL: db.url } });
      expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
      const postgres = api.app.get(PostgresPool);
      expect(postgres.pool.totalCount).toBeGreaterThan(0);
      await api.close();
      expect(postgres.pool.ended).toBe(true);
    } finally {
      await db.drop();
    }
  });

  describe('with the database unreachable and the bucket missing', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await createTestApp({
        // Nothing listens on port 1: every connection attempt is refused.
        env: {
          DATABASE_URL: 'postgres://postgres@127.0.0.1:1/photofeed',
          S3_BUCKET: 'no-such-bucket-for-health',
        },
      });
    });

    afterAll(async () => {
      await api?.close();
    });

    it('GET /health/ready answers 503 and names each failing check', async () => {
      const res = await fetch(`${api.url}/health/ready`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/json');
      const body = await res.json();
      expect(body).toMatchObject({
        status: 'error',
        info: { redis: { status: 'up' } },
        error: {
          database: { status: 'down', message: expect.stringContaining('ECONNREFUSED') },
          s3: { status: 'down', message: 'bucket not found' },
        },
      });
    });

    it('GET /health/live still answers 200: liveness never depends on the database', async () => {
      const res = await fetch(`${api.url}/health/live`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
    });
  });
});

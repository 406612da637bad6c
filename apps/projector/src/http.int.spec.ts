import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { PostgresEventStore } from '@photofeed/event-store';
import { ProjectorHost } from '@photofeed/projections';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { createProjectorServer } from './http';

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let host: ProjectorHost;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase('projector_http');
  pool = db.pool({ max: 6 });
  pool.on('error', () => undefined); // DROP ... WITH FORCE may end a connection pg-pool is closing
  store = new PostgresEventStore({ pool, listenConnectionString: db.url, pollIntervalMs: 100 });
  host = new ProjectorHost({
    store,
    deployments: [
      {
        projection: { name: 'http_noop', version: 1, handle: async () => undefined },
        pool,
      },
    ],
  });
  server = createProjectorServer(host);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await host.stop();
  await store.close();
  await db.drop();
});

it('answers 503 before the runners start, 200 with their states once running, 503 after stop', async () => {
  const before = await fetch(`${base}/health`);
  expect(before.status).toBe(503);

  await host.start();
  const running = await fetch(`${base}/health`);
  expect(running.status).toBe(200);
  expect(await running.json()).toMatchObject({
    ok: true,
    log: { ok: true },
    databases: [{ index: 0, ok: true }],
    projections: [
      { name: 'http_noop', version: 1, state: 'live', checkpoint: { tx: '0', seq: '0' } },
    ],
  });

  await host.stop();
  expect((await fetch(`${base}/health`)).status).toBe(503);
});

it('serves the Prometheus registry at /metrics, and nothing else', async () => {
  const metrics = await fetch(`${base}/metrics`);
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toContain('text/plain');
  expect(await metrics.text()).toContain('projection_position{projection="http_noop",version="1"}');
  expect((await fetch(`${base}/nope`)).status).toBe(404);
  expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
});

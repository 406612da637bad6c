import { createServer, type Server } from 'node:http';
import type { ProjectorHost } from '@photofeed/projections';

/**
 * GET /metrics: the host's Prometheus registry. GET /health: 200 when every runner is up and
 * every database answers, else 503, with the runners' states as JSON either way.
 */
export function createProjectorServer(host: ProjectorHost): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(405, 'text/plain', 'method not allowed\n');
    if (path === '/metrics') {
      host.registry.metrics().then(
        (text) => reply(200, host.registry.contentType, text),
        (err: Error) => reply(500, 'text/plain', `${err.message}\n`),
      );
      return;
    }
    if (path === '/health') {
      host.health().then(
        (health) =>
          reply(health.ok ? 200 : 503, 'application/json', JSON.stringify(health, jsonBigInt)),
        (err: Error) =>
          reply(503, 'application/json', JSON.stringify({ ok: false, error: err.message })),
      );
      return;
    }
    reply(404, 'text/plain', 'not found\n');
  });
}

/** Log positions are bigints: written as decimal strings. */
function jsonBigInt(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

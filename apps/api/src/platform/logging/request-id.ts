import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Generous enough for any tracing system's ids, strict enough to keep log lines and headers clean.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Fastify's `genReqId`: the client's (or the load balancer's) `x-request-id` if it is well-formed,
 * else a fresh UUID. The id is also put on the raw request, where pino-http looks for it, so the
 * HTTP log lines and Fastify agree on one id.
 */
export function requestIdFor(raw: IncomingMessage): string {
  const header = raw.headers['x-request-id'];
  const id = typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
  (raw as IncomingMessage & { id?: string }).id = id;
  return id;
}

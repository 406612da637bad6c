/**
 * Whether a handler's failure comes from the infrastructure around the event (a database or Redis
 * that is down, restarting or refusing connections) rather than from the event itself. Such a
 * failure must never park the event: an outage would silently cut good events out of the view.
 * The runner drops the batch instead and starts again from its checkpoint.
 */
export function isInfrastructureError(err: unknown): boolean {
  // Duck-typed: errors raised by node's own modules may come from another realm (jest's sandbox)
  // and fail `instanceof Error`.
  if (typeof err !== 'object' || err === null) return false;
  const { code, name, message } = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NODE_NETWORK_CODES.has(code)) return true;
    // SQLSTATE: 08 connection exception, 53 insufficient resources, 57P0x shutdown / cannot connect.
    if (/^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  }
  if (name === 'MaxRetriesPerRequestError') return true; // ioredis gave up while disconnected
  return typeof message === 'string' && CONNECTION_MESSAGES.some((m) => message.includes(m));
}

const NODE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// pg and ioredis raise these without a code.
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  'Connection is closed',
];

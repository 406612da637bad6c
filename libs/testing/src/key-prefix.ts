import { randomBytes } from 'node:crypto';

/**
 * A key prefix of its own for a suite's Redis or memcached keys: suites share one server and run in
 * parallel, so each writes under `t:<label>:<random>:` and never sees another's keys.
 */
export function testKeyPrefix(label: string): string {
  return `t:${label.replace(/[^a-z0-9_-]/gi, '_').slice(0, 20)}:${randomBytes(4).toString('hex')}:`;
}

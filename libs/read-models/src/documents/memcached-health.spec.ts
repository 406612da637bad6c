import { MemcachedHealth } from './memcached-health';

describe('MemcachedHealth', () => {
  it('skips memcached for a while after a failure, logging the outage once and its end once', () => {
    let now = 1_000;
    const warnings: string[] = [];
    const health = new MemcachedHealth(500, { warn: (m) => warnings.push(m) }, () => now);
    expect(health.usable()).toBe(true);

    health.failed(new Error('ECONNREFUSED'));
    expect(health.usable()).toBe(false);
    now += 499;
    expect(health.usable()).toBe(false);
    now += 1;
    expect(health.usable()).toBe(true);
    health.failed(new Error('ECONNREFUSED again'));
    expect(health.usable()).toBe(false);
    expect(warnings).toEqual([expect.stringContaining('ECONNREFUSED')]);

    now += 500;
    health.succeeded();
    health.succeeded();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/back/);
  });
});

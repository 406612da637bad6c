import { randomInt, randomUUID } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, ApplicationConfig } from '@nestjs/core';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { HeaderAuthGuard, TEST_USER_HEADER } from '../testing/header-auth.guard';
import { RateLimit } from './rate-limit.decorators';
import { Public } from '../../auth/public.decorator';

// Public to the real bearer guard; HeaderAuthGuard (if any) still names the user.
@Public()
@Controller('test-rate')
class RateTestController {
  @Get('a')
  a() {
    return { ok: true };
  }

  @Get('b')
  b() {
    return { ok: true };
  }

  @Get('strict')
  @RateLimit({ perIp: { limit: 1, windowSeconds: 60 } })
  strict() {
    return { ok: true };
  }
}

@Module({
  controllers: [RateTestController],
  providers: [{ provide: APP_GUARD, useClass: HeaderAuthGuard }],
})
class RateTestModule {}

/**
 * Counters live in the Redis every suite shares, keyed by client IP or user: each test makes up
 * its own (documentation range IPs via X-Forwarded-For, random user ids), so no other suite can
 * meet these tiny limits and no rerun starts with old counts.
 */
function freshIp(): string {
  // Limits count IPv6 clients by /56: 24 random bits above it.
  const hex = (bits: number) => randomInt(0, 2 ** bits).toString(16);
  return `2001:db8:${hex(16)}:${hex(8)}00::1`;
}

describe('rate limits over HTTP', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({
      imports: [RateTestModule],
      env: {
        TRUST_PROXY: 'true',
        RATE_LIMIT_IP_LIMIT: '3',
        RATE_LIMIT_IP_WINDOW_SECONDS: '60',
        RATE_LIMIT_USER_LIMIT: '4',
        RATE_LIMIT_USER_WINDOW_SECONDS: '60',
      },
    });
  });

  afterAll(async () => {
    await api?.close();
  });
  it('runs the per-IP and per-user guards last, one right after the other', () => {
    // What lets a request with credentials leave its per-IP count to the per-user guard: no guard
    // between them can refuse it first (see IpRateLimitGuard).
    const config = api.app.get(ApplicationConfig);
    const names = config.getGlobalGuards().map((g) => g.constructor.name);
    expect(names.slice(-2)).toEqual(['IpRateLimitGuard', 'UserRateLimitGuard']);
    expect(names).toContain('BearerAuthGuard');
  });

  const get = (path: string, headers: Record<string, string>) =>
    fetch(`${api.url}${path}`, { headers });

  it('per IP: one budget across routes, then 429 rate-limited with Retry-After', async () => {
    const ip = { 'x-forwarded-for': freshIp() };
    expect((await get('/test-rate/a', ip)).status).toBe(200);
    expect((await get('/test-rate/b', ip)).status).toBe(200);
    const third = await get('/test-rate/a', ip);
    expect(third.status).toBe(200);
    expect(third.headers.get('x-ratelimit-remaining-ip')).toBe('0');

    const refused = await get('/test-rate/b', ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({
      type: 'https://photofeed.dev/problems/rate-limited',
      status: 429,
      retryAfterSeconds: retryAfter,
    });

    // Another client is not affected.
    expect((await get('/test-rate/a', { 'x-forwarded-for': freshIp() })).status).toBe(200);
  });

  it('per user: counted across IPs once authentication has named the user', async () => {
    const user = { [TEST_USER_HEADER]: `user-${randomUUID()}` };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // A new IP each time: only the per-user budget (4) can refuse the fifth.
      const res = await get('/test-rate/a', { ...user, 'x-forwarded-for': freshIp() });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(((await res.json()) as { detail: string }).detail).toContain('(user)');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('a route with its own limit counts on its own counter', async () => {
    const ip = { 'x-forwarded-for': freshIp() };
    expect((await get('/test-rate/strict', ip)).status).toBe(200);
    expect((await get('/test-rate/strict', ip)).status).toBe(429);
    expect((await get('/test-rate/a', ip)).status).toBe(200);
  });

  it('credentials: per IP and per user counted together after authentication', async () => {
    const client = {
      'x-forwarded-for': freshIp(),
      // Public route: the bearer guard lets it through; HeaderAuthGuard names the user.
      authorization: 'Bearer not-checked-here',
      [TEST_USER_HEADER]: `user-${randomUUID()}`,
    };
    const first = await get('/test-rate/a', client);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-remaining-ip')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining-user')).toBe('3');
    expect((await get('/test-rate/a', client)).status).toBe(200);
    expect((await get('/test-rate/b', client)).status).toBe(200);
    const refused = await get('/test-rate/a', client);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { detail: string }).detail).toContain('(ip)');
    // Refused for its IP, the request did not spend the user's budget: 3 of 4 used, one left.
    const elsewhere = await get('/test-rate/a', { ...client, 'x-forwarded-for': freshIp() });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get('x-ratelimit-remaining-user')).toBe('0');
  });

  it('health probes are never limited', async () => {
    const ip = { 'x-forwarded-for': freshIp() };
    for (let i = 0; i < 5; i++) expect((await get('/health/live', ip)).status).toBe(200);
  });
});

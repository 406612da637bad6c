import { randomBytes, randomInt } from 'node:crypto';

/** A registered user as e2e tests need it: ids and a ready Authorization header. */
export interface TestUser {
  userId: string;
  username: string;
  accessToken: string;
  refreshToken: string;
  auth: { authorization: string };
}

/** A unique, valid username (3–30 chars of [a-z0-9._]). */
export function uniqueUsername(prefix = 'u'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`.slice(0, 30);
}

/**
 * A client IP of its own for one test request (a documentation-range IPv6 /56, sent as
 * X-Forwarded-For; test apps trust it). Per-IP limits (20 sign-ups an hour) count in the Redis that
 * every suite and every run share: from 127.0.0.1 a few runs would exhaust them.
 */
export function freshClientIp(): string {
  const hex = (bits: number) => randomInt(0, 2 ** bits).toString(16);
  return `2001:db8:${hex(16)}:${hex(8)}00::1`;
}

/** Registers through the real API (POST /auth/register) and returns the signed-in user. */
export async function signUp(
  baseUrl: string,
  username = uniqueUsername(),
  password = 'correct horse battery',
): Promise<TestUser> {
  const res = await fetch(`${baseUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': freshClientIp() },
    body: JSON.stringify({ username, displayName: username, password }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    userId: string;
    tokens: { accessToken: string; refreshToken: string };
  };
  return {
    userId: body.userId,
    username,
    accessToken: body.tokens.accessToken,
    refreshToken: body.tokens.refreshToken,
    auth: { authorization: `Bearer ${body.tokens.accessToken}` },
  };
}

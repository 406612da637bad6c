import { randomInt } from 'node:crypto';
import { type TestUser, uniqueUsername } from '../../accounts/testing/sign-up';

/** A private address nobody else's test uses twice (an app with TRUST_PROXY=true believes it). */
export function freshClientIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/**
 * `signUp` from a client IP of its own: POST /auth/register allows 20 sign-ups per IP and hour in
 * the Redis every suite shares, so from 127.0.0.1 a few test runs would exhaust it for an hour.
 */
export async function signUpFromOwnIp(baseUrl: string): Promise<TestUser> {
  const username = uniqueUsername('p');
  const res = await fetch(`${baseUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': freshClientIp() },
    body: JSON.stringify({ username, displayName: username, password: 'correct horse battery' }),
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

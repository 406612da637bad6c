import { randomInt } from 'node:crypto';
import { type TestUser, uniqueUsername } from '../../accounts/testing/sign-up';

/**
 * `signUp`, from a client IP of its own. POST /auth/register allows 20 sign-ups per IP and hour,
 * counted in the Redis every suite shares: from 127.0.0.1, a few test runs exhaust it for an hour.
 * A fresh documentation-range IPv6 /56 per user never meets that limit. The app must run with
 * TRUST_PROXY=true so that X-Forwarded-For names the client.
 */
export async function signUpFromOwnIp(baseUrl: string): Promise<TestUser> {
  const username = uniqueUsername();
  const res = await fetch(`${baseUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': freshIp() },
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

function freshIp(): string {
  const hex = (bits: number) => randomInt(0, 2 ** bits).toString(16);
  return `2001:db8:${hex(16)}:${hex(8)}00::1`;
}

import { randomBytes } from 'node:crypto';

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

/** Registers through the real API (POST /auth/register) and returns the signed-in user. */
export async function signUp(
  baseUrl: string,
  username = uniqueUsername(),
  password = 'correct horse battery',
): Promise<TestUser> {
  const res = await fetch(`${baseUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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

import { decodeId } from '@photofeed/ids';
import { PostgresEventStore } from '@photofeed/event-store';
import { createTestApp, type TestApp } from '../platform/testing/create-test-app';
import { freshClientIp, signUp, uniqueUsername } from './testing/sign-up';

let api: TestApp;
let log: PostgresEventStore;
beforeAll(async () => {
  api = await createTestApp();
  log = new PostgresEventStore({ connectionString: api.config.databaseUrl, maxConnections: 2 });
});
afterAll(async () => {
  await log.close();
  await api.close();
});

// Each request from a client IP of its own: the per-IP limits on sign-up and sign-in are shared
// (Redis) by every suite and run.
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': freshClientIp(), ...headers },
    body: JSON.stringify(body),
  });

/** Response bodies as the tests read them (fetch types them unknown). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();

/** A number, not the bigint: jest's workers cannot report a failed comparison of bigints. */
async function logLength(): Promise<number> {
  return Number((await log.headPosition()).seq);
}

describe('accounts', () => {
  it('registers a user on a shard, with events for user, username and credentials, and signs them in', async () => {
    const username = uniqueUsername('Ana');
    const res = await post('/auth/register', {
      username,
      displayName: ' Ana Lima ',
      password: 'correct horse battery',
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.userId).toMatch(/^\d+$/);
    expect(decodeId(BigInt(body.userId)).shard).toBeLessThan(api.config.shardCount);
    expect(body.user).toEqual({ id: body.userId, username, displayName: 'Ana Lima' });
    expect(body.position).toMatch(/^\d+-\d+$/);
    expect(res.headers.get('x-log-position')).toBe(body.position);
    const [registered] = await log.readStream(`user-${body.userId}`);
    expect(registered).toMatchObject({
      type: 'UserRegistered',
      metadata: { actorId: body.userId },
    });
    expect(registered.metadata.correlationId).toBe(res.headers.get('x-request-id'));
    expect((await log.readStream(`username-${username.toLowerCase()}`))[0].type).toBe(
      'UsernameClaimed',
    );
    const [credentials] = await log.readStream(`credentials-${body.userId}`);
    expect(JSON.stringify(credentials.data)).not.toContain('correct horse battery');

    const me = await fetch(`${api.url}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${body.tokens.accessToken}` },
    });
    expect(me.status).toBe(200);
  });

  it('refuses a taken username in any case with 409, writing nothing', async () => {
    const user = await signUp(api.url);
    const before = await logLength();
    const res = await post('/auth/register', {
      username: user.username.toUpperCase(),
      displayName: 'x',
      password: 'another password',
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(res)).toMatchObject({
      type: 'https://photofeed.dev/problems/username-taken',
      status: 409,
      code: 'username_taken',
    });
    expect(await logLength()).toBe(before);
  });

  it('refuses malformed registrations with 400/422 and writes nothing', async () => {
    const before = await logLength();
    expect(
      (await post('/auth/register', { username: 'ok_name', displayName: 'x', password: 'short' }))
        .status,
    ).toBe(400);
    expect(
      (
        await post('/auth/register', {
          username: 'no spaces!',
          displayName: 'x',
          password: 'long enough pw',
        })
      ).status,
    ).toBe(422);
    expect(
      (await post('/auth/register', { username: 'ok_name2', password: 'long enough pw' })).status,
    ).toBe(400);
    expect(await logLength()).toBe(before);
  });

  it('signs in with the right password only, with one answer for unknown users and wrong passwords', async () => {
    const user = await signUp(api.url);
    const ok = await post('/auth/login', {
      username: user.username,
      password: 'correct horse battery',
    });
    expect(ok.status).toBe(200);
    expect((await json(ok)).userId).toBe(user.userId);
    const wrong = await post('/auth/login', {
      username: user.username,
      password: 'wrong password!',
    });
    const unknown = await post('/auth/login', {
      username: uniqueUsername(),
      password: 'wrong password!',
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const [a, b] = [await json(wrong), await json(unknown)];
    expect(a.type).toBe(b.type);
    expect(a.detail).toBe(b.detail);
  });

  it('rotates refresh tokens; reusing an old one revokes the session', async () => {
    const user = await signUp(api.url);
    const first = await post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    const { tokens } = await json(first);
    expect(tokens.refreshToken).not.toBe(user.refreshToken);

    const reuse = await post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(reuse.status).toBe(401);
    // The theft signal revoked the whole session: the newest token is dead too.
    expect((await post('/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: 'garbage' })).status).toBe(401);
  });

  it('signed out, the refresh token stops working', async () => {
    const user = await signUp(api.url);
    expect(
      (await fetch(`${api.url}/auth/logout`, { method: 'POST', headers: user.auth })).status,
    ).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
  });

  it('every other route needs a valid token: missing or forged → 401 problem', async () => {
    const missing = await fetch(`${api.url}/auth/logout`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const user = await signUp(api.url);
    const [h, p] = user.accessToken.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: '1', username: 'x', sid: 'y' })).toString('base64url')}.${user.accessToken.split('.')[2]}`;
    expect(p).toBeTruthy();
    const res = await fetch(`${api.url}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBe(401);
    expect((await json(res)).type).toBe('https://photofeed.dev/problems/unauthorized');
  });
});

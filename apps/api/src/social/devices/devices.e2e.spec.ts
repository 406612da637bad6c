import type { TestUser } from '../../accounts/testing/sign-up';
import { json, problem, startSocialTestKit, type SocialTestKit } from '../testing/social-test-kit';

let kit: SocialTestKit;
beforeAll(async () => {
  kit = await startSocialTestKit();
});
afterAll(() => kit.close());

const TOKEN = 'ab12'.repeat(16);
const register = (user: TestUser | undefined, body: unknown) =>
  kit.send('POST', '/devices', { user, body });
const unregister = (user: TestUser | undefined, deviceId: string) =>
  kit.send('DELETE', `/devices/${deviceId}`, { user });
const userEvents = async (user: TestUser) =>
  (await kit.log.store.readStream(`user-${user.userId}`)).slice(1); // after UserRegistered

describe('POST /devices', () => {
  it('registers an APNs token: DeviceRegistered in user-<id>, token lowercased, with the request id and the caller', async () => {
    const ana = await kit.signUp();
    const res = await register(ana, { token: TOKEN.toUpperCase(), environment: 'sandbox' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({
      deviceId: expect.stringMatching(/^[1-9]\d*$/),
      changed: true,
      position: expect.stringMatching(/^\d+-\d+$/),
    });
    expect(res.headers.get('x-log-position')).toBe(body.position);
    expect(await userEvents(ana)).toMatchObject([
      {
        type: 'DeviceRegistered',
        data: { userId: ana.userId, deviceId: body.deviceId, token: TOKEN, environment: 'sandbox' },
        metadata: { correlationId: res.headers.get('x-request-id'), actorId: ana.userId },
      },
    ]);
  });

  it('registering the same token again (apps do, on every launch) changes nothing and names the same device', async () => {
    const ana = await kit.signUp();
    const first = await json(await register(ana, { token: TOKEN, environment: 'production' }));
    const again = await register(ana, { token: TOKEN.toUpperCase(), environment: 'production' });
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ deviceId: first.deviceId, changed: false, position: null });
    expect(again.headers.get('x-log-position')).toBeNull();
    expect((await userEvents(ana)).map((e) => e.type)).toEqual(['DeviceRegistered']);
  });

  it('the same token in the other environment replaces the registration under a new device id', async () => {
    const ana = await kit.signUp();
    const sandbox = await json(await register(ana, { token: TOKEN, environment: 'sandbox' }));
    const production = await json(await register(ana, { token: TOKEN, environment: 'production' }));
    expect(production.changed).toBe(true);
    expect(production.deviceId).not.toBe(sandbox.deviceId);
    expect(await userEvents(ana)).toMatchObject([
      { type: 'DeviceRegistered', data: { deviceId: sandbox.deviceId, environment: 'sandbox' } },
      { type: 'DeviceUnregistered', data: { deviceId: sandbox.deviceId } },
      {
        type: 'DeviceRegistered',
        data: { deviceId: production.deviceId, environment: 'production' },
      },
    ]);
  });

  it.each([
    ['a token of 63 hex characters', { token: 'a'.repeat(63), environment: 'sandbox' }],
    ['a token with a non-hex character', { token: `${'a'.repeat(63)}g`, environment: 'sandbox' }],
  ])('refuses %s: 422 invalid-device-token, writing nothing', async (_, body) => {
    const ana = await kit.signUp();
    const before = await kit.log.count();
    const res = await register(ana, body);
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({
      type: problem('invalid-device-token'),
      code: 'invalid_device_token',
    });
    expect(await kit.log.count()).toBe(before);
  });

  it('refuses an environment other than production or sandbox: 422, writing nothing', async () => {
    const ana = await kit.signUp();
    const before = await kit.log.count();
    const res = await register(ana, { token: TOKEN, environment: 'staging' });
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({
      type: problem('invalid-device-environment'),
      code: 'invalid_device_environment',
    });
    expect(await kit.log.count()).toBe(before);
  });

  it.each([
    ['no token', { environment: 'sandbox' }],
    ['a numeric environment', { token: TOKEN, environment: 1 }],
    ['an unknown field', { token: TOKEN, environment: 'sandbox', name: 'iPhone' }],
  ])('refuses a body with %s: 400 validation, writing nothing', async (_, body) => {
    const ana = await kit.signUp();
    const before = await kit.log.count();
    const res = await register(ana, body);
    expect(res.status).toBe(400);
    expect((await json(res)).type).toBe(problem('validation'));
    expect(await kit.log.count()).toBe(before);
  });
});

describe('DELETE /devices/:deviceId', () => {
  it('unregisters: DeviceUnregistered; a second time the device is not found (404)', async () => {
    const ana = await kit.signUp();
    const { deviceId } = await json(await register(ana, { token: TOKEN, environment: 'sandbox' }));
    const res = await unregister(ana, deviceId);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({ changed: true, position: expect.stringMatching(/^\d+-\d+$/) });
    expect(res.headers.get('x-log-position')).toBe(body.position);
    expect((await userEvents(ana))[1]).toMatchObject({
      type: 'DeviceUnregistered',
      data: { userId: ana.userId, deviceId },
      metadata: { correlationId: res.headers.get('x-request-id'), actorId: ana.userId },
    });

    const before = await kit.log.count();
    const again = await unregister(ana, deviceId);
    expect(again.status).toBe(404);
    expect(await json(again)).toMatchObject({
      type: problem('device-not-found'),
      code: 'device_not_found',
    });
    expect(await kit.log.count()).toBe(before);
  });

  it("refuses an unknown device and another user's device: 404, writing nothing", async () => {
    const [ana, ben] = await Promise.all([kit.signUp(), kit.signUp()]);
    const { deviceId: bens } = await json(
      await register(ben, { token: TOKEN, environment: 'sandbox' }),
    );
    const unknown = await kit.log.unusedId();
    const before = await kit.log.count();
    for (const res of [await unregister(ana, unknown), await unregister(ana, bens)]) {
      expect(res.status).toBe(404);
      expect((await json(res)).type).toBe(problem('device-not-found'));
    }
    expect(await kit.log.count()).toBe(before);
  });

  it('refuses a junk device id with a 400 validation problem', async () => {
    const ana = await kit.signUp();
    const res = await unregister(ana, 'iphone');
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      type: problem('validation'),
      errors: [{ field: 'deviceId', message: expect.any(String) }],
    });
  });
});

it('both routes need a token: 401, writing nothing', async () => {
  const before = await kit.log.count();
  for (const res of [
    await register(undefined, { token: TOKEN, environment: 'sandbox' }),
    await unregister(undefined, '123456789'),
  ]) {
    expect(res.status).toBe(401);
    expect((await json(res)).type).toBe(problem('unauthorized'));
  }
  expect(await kit.log.count()).toBe(before);
});

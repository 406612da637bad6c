import type { TestUser } from '../../accounts/testing/sign-up';
import { json, problem, startSocialTestKit, type SocialTestKit } from '../testing/social-test-kit';

let kit: SocialTestKit;
let owner: TestUser;
let fan: TestUser;
beforeAll(async () => {
  kit = await startSocialTestKit();
  [owner, fan] = await Promise.all([kit.signUp(), kit.signUp()]);
});
afterAll(() => kit.close());

const like = (photoId: string, user?: TestUser) =>
  kit.send('POST', `/photos/${photoId}/like`, { user });
const unlike = (photoId: string, user?: TestUser) =>
  kit.send('DELETE', `/photos/${photoId}/like`, { user });

describe('POST /photos/:photoId/like', () => {
  it('likes: Liked in like-<photo>-<user> with the owner, the request id and the caller', async () => {
    const photoId = await kit.log.postPhoto(owner.userId);
    const res = await like(photoId, fan);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({ changed: true, position: expect.stringMatching(/^\d+-\d+$/) });
    expect(res.headers.get('x-log-position')).toBe(body.position);

    const events = await kit.log.store.readStream(`like-${photoId}-${fan.userId}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'Liked',
      data: { photoId, userId: fan.userId, photoOwnerId: owner.userId },
      metadata: { correlationId: res.headers.get('x-request-id'), actorId: fan.userId },
    });
  });

  it('liking twice changes nothing and says so: changed false, no position, one Liked', async () => {
    const photoId = await kit.log.postPhoto(owner.userId);
    expect((await like(photoId, fan)).status).toBe(200);
    const second = await like(photoId, fan);
    expect(second.status).toBe(200);
    expect(await json(second)).toEqual({ changed: false, position: null });
    expect(second.headers.get('x-log-position')).toBeNull();
    const events = await kit.log.store.readStream(`like-${photoId}-${fan.userId}`);
    expect(events.map((e) => e.type)).toEqual(['Liked']);
  });

  it('refuses an unknown photo (404) and a deleted one (410), writing nothing', async () => {
    const unknown = await kit.log.unusedId();
    const deleted = await kit.log.postPhoto(owner.userId);
    await kit.log.deletePhoto(deleted, owner.userId);
    const before = await kit.log.count();

    const missing = await like(unknown, fan);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(missing)).toMatchObject({
      type: problem('photo-not-found'),
      code: 'photo_not_found',
    });
    const gone = await like(deleted, fan);
    expect(gone.status).toBe(410);
    expect(await json(gone)).toMatchObject({
      type: problem('photo-deleted'),
      code: 'photo_deleted',
    });
    expect(await kit.log.count()).toBe(before);
  });
});

describe('DELETE /photos/:photoId/like', () => {
  it('unlikes: Unliked with the owner recorded at the like; unliking again changes nothing', async () => {
    const photoId = await kit.log.postPhoto(owner.userId);
    await like(photoId, fan);
    const res = await unlike(photoId, fan);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.changed).toBe(true);
    expect(res.headers.get('x-log-position')).toBe(body.position);
    const [, unliked] = await kit.log.store.readStream(`like-${photoId}-${fan.userId}`);
    expect(unliked).toMatchObject({
      type: 'Unliked',
      data: { photoId, userId: fan.userId, photoOwnerId: owner.userId },
      metadata: { correlationId: res.headers.get('x-request-id'), actorId: fan.userId },
    });

    const again = await unlike(photoId, fan);
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ changed: false, position: null });
  });
});

describe('both routes', () => {
  it.each(['abc', '0', '0123', '-5', '1e5', '99999999999999999999'])(
    'refuse the junk id %j with a 400 validation problem, writing nothing',
    async (junk) => {
      const before = await kit.log.count();
      for (const res of [await like(junk, fan), await unlike(junk, fan)]) {
        expect(res.status).toBe(400);
        expect(await json(res)).toMatchObject({
          type: problem('validation'),
          errors: [{ field: 'photoId', message: expect.any(String) }],
        });
      }
      expect(await kit.log.count()).toBe(before);
    },
  );

  it('need a token: 401', async () => {
    const photoId = await kit.log.postPhoto(owner.userId);
    const before = await kit.log.count();
    for (const res of [await like(photoId), await unlike(photoId)]) {
      expect(res.status).toBe(401);
      expect((await json(res)).type).toBe(problem('unauthorized'));
    }
    expect(await kit.log.count()).toBe(before);
  });
});

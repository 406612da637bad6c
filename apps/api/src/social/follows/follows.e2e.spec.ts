import { randomUUID } from 'node:crypto';
import type { TestUser } from '../../accounts/testing/sign-up';
import { json, problem, startSocialTestKit, type SocialTestKit } from '../testing/social-test-kit';

let kit: SocialTestKit;
let ana: TestUser;
beforeAll(async () => {
  kit = await startSocialTestKit();
  ana = await kit.signUp();
});
afterAll(() => kit.close());

const follow = (userId: string, user?: TestUser, headers?: Record<string, string>) =>
  kit.send('POST', `/users/${userId}/follow`, { user, headers });
const unfollow = (userId: string, user?: TestUser) =>
  kit.send('DELETE', `/users/${userId}/follow`, { user });
const followStream = (follower: TestUser, followee: TestUser) =>
  kit.log.store.readStream(`follow-${follower.userId}-${followee.userId}`);

describe('POST /users/:userId/follow', () => {
  it('follows: Followed in follow-<follower>-<followee>, with the request id and the caller', async () => {
    const ben = await kit.signUp();
    const res = await follow(ben.userId, ana);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({ changed: true, position: expect.stringMatching(/^\d+-\d+$/) });
    expect(res.headers.get('x-log-position')).toBe(body.position);
    const events = await followStream(ana, ben);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'Followed',
      data: { followerId: ana.userId, followeeId: ben.userId },
      metadata: { correlationId: res.headers.get('x-request-id'), actorId: ana.userId },
    });
  });

  it('following twice changes nothing and says so: changed false, no position, one Followed', async () => {
    const ben = await kit.signUp();
    await follow(ben.userId, ana);
    const second = await follow(ben.userId, ana);
    expect(second.status).toBe(200);
    expect(await json(second)).toEqual({ changed: false, position: null });
    expect(second.headers.get('x-log-position')).toBeNull();
    expect((await followStream(ana, ben)).map((e) => e.type)).toEqual(['Followed']);
  });

  it('refuses following oneself (422) and an unknown user (404), writing nothing', async () => {
    const unknown = await kit.log.unusedId();
    const before = await kit.log.count();
    const self = await follow(ana.userId, ana);
    expect(self.status).toBe(422);
    expect(await json(self)).toMatchObject({
      type: problem('cannot-follow-self'),
      code: 'cannot_follow_self',
    });
    const missing = await follow(unknown, ana);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({
      type: problem('user-not-found'),
      code: 'user_not_found',
    });
    expect(await kit.log.count()).toBe(before);
  });

  it('the same request sent 10 times at once with one Idempotency-Key: 10 identical answers, one Followed', async () => {
    const ben = await kit.signUp();
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => follow(ben.userId, ana, { 'idempotency-key': key })),
    );
    const answers = await Promise.all(
      responses.map(async (res) => ({ status: res.status, body: await json(res) })),
    );
    expect(answers[0]).toEqual({
      status: 200,
      body: { changed: true, position: expect.stringMatching(/^\d+-\d+$/) },
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    // One request ran the handler; the nine others waited for its answer and got it replayed.
    const replayed = responses.filter((r) => r.headers.get('idempotent-replayed') === 'true');
    expect(replayed).toHaveLength(9);
    expect((await followStream(ana, ben)).map((e) => e.type)).toEqual(['Followed']);
  });
});

describe('DELETE /users/:userId/follow', () => {
  it('unfollows: Unfollowed; unfollowing again changes nothing', async () => {
    const ben = await kit.signUp();
    await follow(ben.userId, ana);
    const res = await unfollow(ben.userId, ana);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.changed).toBe(true);
    expect(res.headers.get('x-log-position')).toBe(body.position);
    const [, unfollowed] = await followStream(ana, ben);
    expect(unfollowed).toMatchObject({
      type: 'Unfollowed',
      data: { followerId: ana.userId, followeeId: ben.userId },
      metadata: { correlationId: res.headers.get('x-request-id'), actorId: ana.userId },
    });
    expect(await json(await unfollow(ben.userId, ana))).toEqual({ changed: false, position: null });
  });

  it('refuses unfollowing oneself (422), writing nothing', async () => {
    const before = await kit.log.count();
    const res = await unfollow(ana.userId, ana);
    expect(res.status).toBe(422);
    expect((await json(res)).type).toBe(problem('cannot-follow-self'));
    expect(await kit.log.count()).toBe(before);
  });
});

describe('both routes', () => {
  it('refuse a junk user id with a 400 validation problem, writing nothing', async () => {
    const before = await kit.log.count();
    for (const res of [await follow('me', ana), await unfollow('007', ana)]) {
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({
        type: problem('validation'),
        errors: [{ field: 'userId', message: expect.any(String) }],
      });
    }
    expect(await kit.log.count()).toBe(before);
  });

  it('need a token: 401', async () => {
    const ben = await kit.signUp();
    const before = await kit.log.count();
    for (const res of [await follow(ben.userId), await unfollow(ben.userId)]) {
      expect(res.status).toBe(401);
      expect((await json(res)).type).toBe(problem('unauthorized'));
    }
    expect(await kit.log.count()).toBe(before);
  });
});

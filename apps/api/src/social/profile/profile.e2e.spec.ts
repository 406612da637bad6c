import type { TestUser } from '../../accounts/testing/sign-up';
import { json, problem, startSocialTestKit, type SocialTestKit } from '../testing/social-test-kit';

let kit: SocialTestKit;
beforeAll(async () => {
  kit = await startSocialTestKit();
});
afterAll(() => kit.close());

const patchMe = (user: TestUser | undefined, body?: unknown) =>
  kit.send('PATCH', '/me', { user, body });
const profileEvents = async (user: TestUser) =>
  (await kit.log.store.readStream(`user-${user.userId}`)).filter(
    (e) => e.type === 'ProfileUpdated',
  );

describe('PATCH /me', () => {
  it('updates display name and bio: ProfileUpdated with the request id and the caller', async () => {
    const ana = await kit.signUp();
    const res = await patchMe(ana, { displayName: ' Ana Lima ', bio: 'Sunsets and coffee.' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({ changed: true, position: expect.stringMatching(/^\d+-\d+$/) });
    expect(res.headers.get('x-log-position')).toBe(body.position);
    expect(await profileEvents(ana)).toMatchObject([
      {
        data: { userId: ana.userId, displayName: 'Ana Lima', bio: 'Sunsets and coffee.' },
        metadata: { correlationId: res.headers.get('x-request-id'), actorId: ana.userId },
      },
    ]);
  });

  it('the same values again change nothing; an empty bio clears it, carrying only what changed', async () => {
    const ana = await kit.signUp();
    await patchMe(ana, { bio: 'hello' });
    const same = await patchMe(ana, { bio: 'hello' });
    expect(same.status).toBe(200);
    expect(await json(same)).toEqual({ changed: false, position: null });
    expect(same.headers.get('x-log-position')).toBeNull();

    expect((await json(await patchMe(ana, { bio: '' }))).changed).toBe(true);
    expect((await profileEvents(ana)).map((e) => e.data)).toEqual([
      { userId: ana.userId, bio: 'hello' },
      { userId: ana.userId, bio: '' },
    ]);
  });

  it.each([
    ['a bio over 150 characters', { bio: 'x'.repeat(151) }, 'invalid-bio'],
    ['a blank display name', { displayName: '   ' }, 'invalid-display-name'],
  ])('refuses %s: 422, writing nothing', async (_, body, slug) => {
    const ana = await kit.signUp();
    const before = await kit.log.count();
    const res = await patchMe(ana, body);
    expect(res.status).toBe(422);
    expect((await json(res)).type).toBe(problem(slug));
    expect(await kit.log.count()).toBe(before);
  });

  it.each([
    ['an empty object', {}],
    ['no body at all', undefined],
    ['a null bio', { bio: null }],
    ['a numeric display name', { displayName: 42 }],
    ['an unknown field', { username: 'new_name' }],
  ])('refuses %s: 400 validation, writing nothing', async (_, body) => {
    const ana = await kit.signUp();
    const before = await kit.log.count();
    const res = await patchMe(ana, body);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      type: problem('validation'),
      errors: expect.arrayContaining([{ field: expect.any(String), message: expect.any(String) }]),
    });
    expect(await kit.log.count()).toBe(before);
  });

  it('needs a token: 401', async () => {
    const res = await patchMe(undefined, { bio: 'x' });
    expect(res.status).toBe(401);
    expect((await json(res)).type).toBe(problem('unauthorized'));
  });
});

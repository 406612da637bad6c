import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { PostgresEventStore } from '@photofeed/event-store';
import { buildSchema, printSchema } from 'graphql';
import { uniqueUsername } from '../accounts/testing/sign-up';
import { TestLog } from '../event-log/testing/test-log';
import { createTestApp, type TestApp } from '../platform/testing/create-test-app';
import { graphqlClient, onlyError, type GraphqlRequest } from './testing/graphql-client';

// mercurius requires @fastify/static (GraphiQL's assets), whose ESM-only dependency jest's CommonJS
// runtime cannot load. GraphiQL is not under test: a plugin that serves nothing stands in.
jest.mock('@fastify/static', () => async () => undefined);

const SCHEMA_SNAPSHOT = join(__dirname, 'schema.gql');
const PROBLEMS = 'https://photofeed.dev/problems/';

let api: TestApp;
let testLog: TestLog;
let log: PostgresEventStore;
let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  api = await createTestApp();
  testLog = new TestLog(api.config.databaseUrl);
  log = testLog.store;
  gql = graphqlClient(api.url);
});
afterAll(async () => {
  await testLog?.close();
  await api?.close();
});

interface Account {
  userId: string;
  username: string;
  accessToken: string;
  refreshToken: string;
}

const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) {
    changed position
    user { id username displayName }
    tokens { accessToken tokenType expiresIn refreshToken refreshExpiresAt }
  }
}`;

async function register(username = uniqueUsername('gql')): Promise<Account> {
  const res = await gql(REGISTER, {
    variables: { input: { username, displayName: `${username} name`, password: 'long enough pw' } },
  });
  expect(res.errors).toBeUndefined();
  const { user, tokens } = res.data.register;
  return {
    userId: user.id,
    username,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
  };
}

/** A photo in the log, as the upload would record it (the mutations only need it to exist). */
const postPhoto = (ownerId: string) => testLog.postPhoto(ownerId);
const stream = (id: string) => log.readStream(id);
const as = (account: Account, variables?: Record<string, unknown>): GraphqlRequest => ({
  token: account.accessToken,
  variables,
});

describe('schema', () => {
  it('matches the reviewed snapshot, schema.gql (UPDATE_GRAPHQL_SCHEMA=1 rewrites it)', () => {
    const live = printSchema(api.app.get(GraphQLSchemaHost).schema);
    // Written as printed; `npx prettier --write` it before committing (lint checks it).
    if (process.env.UPDATE_GRAPHQL_SCHEMA === '1') writeFileSync(SCHEMA_SNAPSHOT, `${live}\n`);
    // Compared as printed again by graphql-js, so prettier's layout of the file does not matter.
    const reviewed = printSchema(buildSchema(readFileSync(SCHEMA_SNAPSHOT, 'utf8')));
    expect(live).toBe(reviewed);
  });

  it('has ids as ID and every write payload with changed and position', () => {
    const schema = api.app.get(GraphQLSchemaHost).schema;
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.map((m) => m.name).sort()).toEqual([
      'deletePhoto',
      'followUser',
      'likePhoto',
      'login',
      'logout',
      'markActivitySeen',
      'refreshSession',
      'register',
      'registerDevice',
      'unfollowUser',
      'unlikePhoto',
      'unregisterDevice',
      'updateProfile',
    ]);
    // markActivitySeen writes no event (last-seen is a reader's mark, not a fact in the log).
    for (const mutation of mutations.filter((m) => m.name !== 'markActivitySeen')) {
      expect(String(mutation.type)).toMatch(/Payload!$/);
      const payload = schema.getType(String(mutation.type).replace('!', '')) as {
        getFields(): Record<string, { type: unknown }>;
      };
      expect(String(payload.getFields().changed.type)).toBe('Boolean!');
      expect(String(payload.getFields().position.type)).toBe('String');
    }
    for (const name of ['User', 'Photo', 'Location', 'PhotoUrls', 'PageInfo']) {
      expect(schema.getType(name)).toBeDefined();
    }
    expect(printSchema(schema)).not.toMatch(/\b(id|userId|photoId|deviceId|ownerId): Int/);
  });
});

describe('accounts', () => {
  it('register → login → me, through the same commands as REST (events in the log)', async () => {
    const username = uniqueUsername('gql');
    const registered = await gql(REGISTER, {
      variables: { input: { username, displayName: ' Ana ', password: 'long enough pw' } },
    });
    expect(registered.status).toBe(200);
    expect(registered.errors).toBeUndefined();
    const { user, tokens, changed, position } = registered.data.register;
    expect(user).toEqual({ id: expect.stringMatching(/^\d+$/), username, displayName: 'Ana' });
    expect({ changed, position }).toEqual({ changed: true, position: expect.stringMatching(/-/) });
    expect(tokens.tokenType).toBe('Bearer');
    expect(new Date(tokens.refreshExpiresAt).getTime()).toBeGreaterThan(Date.now());

    // The request's id is the events' correlation id: RequestContext is open for /graphql too.
    const [userRegistered] = await stream(`user-${user.id}`);
    expect(userRegistered).toMatchObject({
      type: 'UserRegistered',
      data: { userId: user.id, username },
      metadata: { correlationId: registered.headers.get('x-request-id'), actorId: user.id },
    });

    const login = await gql(
      'mutation($input: LoginInput!) { login(input: $input) { changed position userId tokens { accessToken } } }',
      { variables: { input: { username, password: 'long enough pw' } } },
    );
    expect(login.errors).toBeUndefined();
    expect(login.data.login).toMatchObject({ changed: true, userId: user.id });

    const me = await gql('{ me { id username displayName } }', {
      token: login.data.login.tokens.accessToken,
    });
    expect(me.status).toBe(200);
    expect(me).toMatchObject({ data: { me: { id: user.id, username, displayName: null } } });
    expect(me.errors).toBeUndefined();
  });

  it('a wrong password is the same 401 as over REST', async () => {
    const ana = await register();
    const res = await gql('mutation($input: LoginInput!) { login(input: $input) { userId } }', {
      variables: { input: { username: ana.username, password: 'wrong password!' } },
    });
    expect(res.data).toBeNull();
    expect(onlyError(res).extensions).toMatchObject({
      code: 'invalid_credentials',
      status: 401,
      type: `${PROBLEMS}invalid-credentials`,
    });
  });

  it('refreshSession rotates the refresh token; after logout it is refused', async () => {
    const ana = await register();
    const REFRESH =
      'mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { changed position tokens { refreshToken } } }';
    const refreshed = await gql(REFRESH, {
      variables: { input: { refreshToken: ana.refreshToken } },
    });
    expect(refreshed.errors).toBeUndefined();
    const next = refreshed.data.refreshSession.tokens.refreshToken;
    expect(next).not.toBe(ana.refreshToken);

    const logout = await gql('mutation { logout { changed position } }', as(ana));
    expect(logout.data.logout).toEqual({ changed: true, position: expect.stringMatching(/-/) });

    const refused = await gql(REFRESH, { variables: { input: { refreshToken: next } } });
    expect(onlyError(refused).extensions).toMatchObject({ status: 401 });
  });
});

describe('authentication', () => {
  const LIKE = 'mutation($input: LikePhotoInput!) { likePhoto(input: $input) { changed } }';

  it('refuses a mutation without a token: UNAUTHENTICATED, 401, a problem type; nothing written', async () => {
    const ana = await register();
    const photoId = await postPhoto(ana.userId);
    const res = await gql(LIKE, { variables: { input: { photoId } } });
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    const error = onlyError(res);
    expect(error.path).toEqual(['likePhoto']);
    expect(error.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      type: `${PROBLEMS}unauthorized`,
      requestId: res.headers.get('x-request-id'),
    });
    expect(await stream(`like-${photoId}-${ana.userId}`)).toEqual([]);
  });

  it('refuses a forged or malformed token the same way', async () => {
    const ana = await register();
    const [header, , signature] = ana.accessToken.split('.');
    const claims = { sub: ana.userId, username: 'x', sid: 'y' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    for (const headers of [{ authorization: `Bearer ${forged}` }, { authorization: 'Basic abc' }]) {
      const res = await gql('{ me { id } }', { headers });
      expect(res.data).toEqual({ me: null });
      expect(onlyError(res).extensions).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    }
  });
});

describe('likes and follows', () => {
  const LIKE =
    'mutation($input: LikePhotoInput!) { likePhoto(input: $input) { changed position photoId } }';
  const FOLLOW =
    'mutation($input: FollowUserInput!) { followUser(input: $input) { changed position userId } }';

  it('likes once: Liked in the log; liking twice answers changed: false and writes nothing', async () => {
    const [ana, ben] = [await register(), await register()];
    const photoId = await postPhoto(ben.userId);

    const first = await gql(LIKE, as(ana, { input: { photoId } }));
    expect(first.errors).toBeUndefined();
    expect(first.data.likePhoto).toEqual({
      changed: true,
      position: expect.stringMatching(/-/),
      photoId,
    });
    const second = await gql(LIKE, as(ana, { input: { photoId } }));
    expect(second.data.likePhoto).toEqual({ changed: false, position: null, photoId });

    const events = await stream(`like-${photoId}-${ana.userId}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'Liked',
      data: { photoId, userId: ana.userId, photoOwnerId: ben.userId },
      metadata: { correlationId: first.headers.get('x-request-id'), actorId: ana.userId },
    });

    const unlike = await gql(
      'mutation($input: UnlikePhotoInput!) { unlikePhoto(input: $input) { changed } }',
      as(ana, { input: { photoId } }),
    );
    expect(unlike.data.unlikePhoto.changed).toBe(true);
    expect((await stream(`like-${photoId}-${ana.userId}`)).map((e) => e.type)).toEqual([
      'Liked',
      'Unliked',
    ]);
  });

  it('follows: Followed in the log; following twice changes nothing; unfollow', async () => {
    const [ana, ben] = [await register(), await register()];
    const first = await gql(FOLLOW, as(ana, { input: { userId: ben.userId } }));
    expect(first.errors).toBeUndefined();
    expect(first.data.followUser).toMatchObject({ changed: true, userId: ben.userId });
    const second = await gql(FOLLOW, as(ana, { input: { userId: ben.userId } }));
    expect(second.data.followUser).toMatchObject({ changed: false, position: null });
    expect(await stream(`follow-${ana.userId}-${ben.userId}`)).toMatchObject([
      { type: 'Followed', data: { followerId: ana.userId, followeeId: ben.userId } },
    ]);

    const unfollow = await gql(
      'mutation($input: UnfollowUserInput!) { unfollowUser(input: $input) { changed } }',
      as(ana, { input: { userId: ben.userId } }),
    );
    expect(unfollow.data.unfollowUser.changed).toBe(true);
  });

  it('under an Idempotency-Key, a mutation sent 8 times at once is written once; reused later, it is refused', async () => {
    const [ana, ben] = [await register(), await register()];
    const withKey = (key: string) => ({
      ...as(ana, { input: { userId: ben.userId } }),
      headers: { 'idempotency-key': key },
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => gql(FOLLOW, withKey('follow-once'))),
    );
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(await stream(`follow-${ana.userId}-${ben.userId}`)).toHaveLength(1);

    await gql(
      'mutation($input: UnfollowUserInput!) { unfollowUser(input: $input) { changed } }',
      as(ana, { input: { userId: ben.userId } }),
    );
    const reused = await gql(FOLLOW, withKey('follow-once'));
    expect(reused.errors?.[0].extensions).toMatchObject({
      code: 'idempotency_key_already_applied',
      status: 409,
    });
    expect((await stream(`follow-${ana.userId}-${ben.userId}`)).map((e) => e.type)).toEqual([
      'Followed',
      'Unfollowed',
    ]);
  });

  it('a domain refusal (self-follow) is an error with its code and 422; nothing written', async () => {
    const ana = await register();
    const res = await gql(FOLLOW, as(ana, { input: { userId: ana.userId } }));
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(onlyError(res)).toMatchObject({
      message: 'You cannot follow yourself.',
      path: ['followUser'],
      extensions: {
        code: 'cannot_follow_self',
        status: 422,
        type: `${PROBLEMS}cannot-follow-self`,
      },
    });
    expect(await stream(`follow-${ana.userId}-${ana.userId}`)).toEqual([]);
  });

  it('an unknown user is user_not_found (404)', async () => {
    const ana = await register();
    const res = await gql(FOLLOW, as(ana, { input: { userId: '123456789' } }));
    expect(onlyError(res).extensions).toMatchObject({ code: 'user_not_found', status: 404 });
  });
});

describe('devices, profile, photos', () => {
  const REGISTER_DEVICE =
    'mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { changed position deviceId } }';
  const UNREGISTER_DEVICE =
    'mutation($input: UnregisterDeviceInput!) { unregisterDevice(input: $input) { changed deviceId } }';

  it('registers a device once (same id again), unregisters it, then it is not found', async () => {
    const ana = await register();
    const input = { token: 'AB'.repeat(32), environment: 'SANDBOX' };
    const first = await gql(REGISTER_DEVICE, as(ana, { input }));
    expect(first.errors).toBeUndefined();
    const { deviceId } = first.data.registerDevice;
    expect(first.data.registerDevice).toMatchObject({
      changed: true,
      deviceId: expect.any(String),
    });
    const again = await gql(REGISTER_DEVICE, as(ana, { input }));
    expect(again.data.registerDevice).toEqual({ changed: false, position: null, deviceId });
    expect((await stream(`user-${ana.userId}`)).at(-1)).toMatchObject({
      type: 'DeviceRegistered',
      data: { deviceId, token: 'ab'.repeat(32), environment: 'sandbox' },
    });

    const removed = await gql(UNREGISTER_DEVICE, as(ana, { input: { deviceId } }));
    expect(removed.data.unregisterDevice).toEqual({ changed: true, deviceId });
    const gone = await gql(UNREGISTER_DEVICE, as(ana, { input: { deviceId } }));
    expect(onlyError(gone).extensions).toMatchObject({ code: 'device_not_found', status: 404 });
  });

  it('updates the profile; the same values again change nothing', async () => {
    const ana = await register();
    const UPDATE =
      'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { changed position } }';
    const input = { displayName: 'Ana Lima', bio: 'Sunsets.' };
    const first = await gql(UPDATE, as(ana, { input }));
    expect(first.data.updateProfile).toEqual({ changed: true, position: expect.any(String) });
    const again = await gql(UPDATE, as(ana, { input }));
    expect(again.data.updateProfile).toEqual({ changed: false, position: null });
    expect((await stream(`user-${ana.userId}`)).at(-1)).toMatchObject({
      type: 'ProfileUpdated',
      data: input,
    });
  });

  it("deletes one's own photo only: another's is not_photo_owner (403)", async () => {
    const [ana, ben] = [await register(), await register()];
    const photoId = await postPhoto(ana.userId);
    const DELETE =
      'mutation($input: DeletePhotoInput!) { deletePhoto(input: $input) { changed photoId } }';
    const stranger = await gql(DELETE, as(ben, { input: { photoId } }));
    expect(onlyError(stranger).extensions).toMatchObject({ code: 'not_photo_owner', status: 403 });
    const own = await gql(DELETE, as(ana, { input: { photoId } }));
    expect(own.data.deletePhoto).toEqual({ changed: true, photoId });
    expect((await stream(`photo-${photoId}`)).map((e) => e.type)).toEqual([
      'PhotoPosted',
      'PhotoDeleted',
    ]);
  });
});

describe('malformed requests are the client’s errors, never a 500', () => {
  it('a query that does not parse: 400 GRAPHQL_PARSE_FAILED, no data', async () => {
    const res = await gql('{ me { id ');
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(onlyError(res).extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', status: 400 });
  });

  it('a field the schema does not have: 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await gql('{ me { password } }');
    expect(res.status).toBe(400);
    expect(onlyError(res).extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      status: 400,
      type: `${PROBLEMS}graphql-validation`,
    });
  });

  it('arguments the validation refuses: BAD_USER_INPUT with the fields, nothing written', async () => {
    const ana = await register();
    const badId = await gql(
      'mutation { followUser(input: { userId: "007" }) { changed } }',
      as(ana),
    );
    expect(onlyError(badId).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      status: 400,
      type: `${PROBLEMS}validation`,
      errors: [{ field: 'userId', message: expect.any(String) }],
    });

    const shortPassword = await gql(REGISTER, {
      variables: { input: { username: uniqueUsername(), displayName: 'x', password: 'short' } },
    });
    expect(onlyError(shortPassword).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      errors: [{ field: 'password' }],
    });

    const emptyProfile = await gql('mutation { updateProfile(input: {}) { changed } }', as(ana));
    expect(onlyError(emptyProfile).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await stream(`user-${ana.userId}`)).map((e) => e.type)).toEqual(['UserRegistered']);
  });

  it('variables of the wrong shape: 400 BAD_USER_INPUT', async () => {
    const res = await gql(
      'mutation($input: LikePhotoInput!) { likePhoto(input: $input) { changed } }',
      { variables: { input: { photoId: '1', extra: true } } },
    );
    expect(res.status).toBe(400);
    expect(onlyError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
  });

  it('a body that is not JSON: 400 malformed-json', async () => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: unknown }[] };
    expect(body.errors[0].extensions).toMatchObject({
      code: 'MALFORMED_JSON',
      status: 400,
      type: `${PROBLEMS}malformed-json`,
    });
  });
});

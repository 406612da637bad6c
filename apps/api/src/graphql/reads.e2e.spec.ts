import { startReadsTestKit, type ReadsTestKit } from '../reads/testing/reads-test-kit';
import { graphqlClient } from './testing/graphql-client';

// See graphql.e2e.spec.ts: GraphiQL's static assets cannot load under jest, and are not under test.
jest.mock('@fastify/static', () => async () => undefined);

// The GraphQL reads go through the same services as REST: the same answers, the same refusals.
describe('GraphQL reads', () => {
  let kit: ReadsTestKit;
  let gql: ReturnType<typeof graphqlClient>;

  beforeAll(async () => {
    kit = await startReadsTestKit();
    gql = graphqlClient(kit.api.url);
  });
  afterAll(() => kit?.close());

  // Fields of one query resolve concurrently: each carries minPosition to see the writes.
  it('answers the home feed, a profile, followers and likers as REST does', async () => {
    const [fan, author] = [await kit.signUp(), await kit.signUp()];
    await kit.write(fan, 'POST', `/users/${author.userId}/follow`);
    const older = await kit.post(author, 'one');
    const newer = await kit.post(author, 'two');
    const liked = await kit.write(fan, 'POST', `/photos/${newer.photoId}/like`);

    const res = await gql(
      `query Q($min: String, $author: ID!, $photo: ID!) {
        homeFeed(first: 1, minPosition: $min) {
          items { id caption likeCount owner { id username } urls { small } }
          pageInfo { endCursor hasNextPage }
          consistency { reached behind }
        }
        user(id: $author, minPosition: $min) { id photoCount followerCount followingCount }
        followers(userId: $author, minPosition: $min) { items { id } pageInfo { hasNextPage } }
        photoLikers(photoId: $photo, minPosition: $min) { items { id username } }
      }`,
      {
        token: fan.accessToken,
        variables: { min: liked, author: author.userId, photo: newer.photoId },
      },
    );
    expect(res.errors).toBeUndefined();
    const { homeFeed, user, followers, photoLikers } = res.data;
    expect(homeFeed.consistency).toEqual({ reached: true, behind: [] });
    expect(homeFeed.items).toEqual([
      expect.objectContaining({
        id: newer.photoId,
        caption: 'two',
        likeCount: 1,
        owner: { id: author.userId, username: author.username },
      }),
    ]);
    expect(homeFeed.pageInfo.hasNextPage).toBe(true);
    expect(user).toEqual({ id: author.userId, photoCount: 2, followerCount: 1, followingCount: 0 });
    expect(followers.items).toEqual([{ id: fan.userId }]);
    expect(photoLikers.items).toEqual([{ id: fan.userId, username: fan.username }]);

    const rest = await kit.get(fan, `/feed?limit=1&cursor=${homeFeed.pageInfo.endCursor}`);
    expect(((await rest.json()) as { items: { id: string }[] }).items.map((p) => p.id)).toEqual([
      older.photoId,
    ]);
  });

  it('refuses a mangled cursor and a bad id as input errors, and an unknown user as not found', async () => {
    const user = await kit.signUp();
    const bad = await gql(`{ homeFeed(after: "garbage") { items { id } } }`, {
      token: user.accessToken,
    });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const badId = await gql(`{ user(id: "12ab") { id } }`, { token: user.accessToken });
    expect(badId.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const missing = await gql(`{ user(id: "123456789") { id } }`, { token: user.accessToken });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'user_not_found' });
  });
});

import { freshClientIp, signUp } from '../accounts/testing/sign-up';
import { createTestApp, type TestApp } from '../platform/testing/create-test-app';
import { graphqlClient, onlyError } from './testing/graphql-client';

// See graphql.e2e.spec.ts: GraphiQL's static assets cannot load under jest.
jest.mock('@fastify/static', () => async () => undefined);

let api: TestApp;
let gql: ReturnType<typeof graphqlClient>;
beforeAll(async () => {
  api = await createTestApp({ env: { RATE_LIMIT_IP_LIMIT: '3', RATE_LIMIT_USER_LIMIT: '2' } });
  gql = graphqlClient(api.url);
});
afterAll(async () => api?.close());

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

describe('rate limits over GraphQL', () => {
  it("count per client IP, on the client's own counter, the same as its REST calls", async () => {
    const [a, b] = [freshClientIp(), freshClientIp()];
    for (let i = 0; i < 2; i++) {
      expect(onlyError(await gql('{ me { id } }', from(a))).extensions.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    // The third request of the window goes to REST (a public route): one budget per client.
    const rest = await fetch(`${api.url}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': a },
      body: JSON.stringify({ refreshToken: 'not a token' }),
    });
    expect(rest.status).toBe(401);

    const limited = await gql('{ me { id } }', from(a));
    expect(onlyError(limited).extensions).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      type: 'https://photofeed.dev/problems/rate-limited',
      retryAfterSeconds: expect.any(Number),
    });
    // Another client is not limited by the first one's requests.
    expect(onlyError(await gql('{ me { id } }', from(b))).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('count per authenticated user, whatever the IP', async () => {
    const ana = await signUp(api.url);
    for (let i = 0; i < 2; i++) {
      const res = await gql('{ me { id } }', { token: ana.accessToken });
      expect(res.data).toEqual({ me: { id: ana.userId } });
    }
    const limited = await gql('{ me { id } }', { token: ana.accessToken });
    expect(onlyError(limited).extensions).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });
});

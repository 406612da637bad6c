import type { TestUser } from '../../accounts/testing/sign-up';
import { createTestApp, type TestApp } from '../../platform/testing/create-test-app';
import { signUp } from '../../accounts/testing/sign-up';
import { TestLog } from '../../event-log/testing/test-log';

/** What every social e2e suite needs: the real app, its log, users, and a terse request helper. */
export interface SocialTestKit {
  readonly api: TestApp;
  readonly log: TestLog;
  signUp(): Promise<TestUser>;
  /** A JSON request, as `user` when given (no Authorization header otherwise). */
  send(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options?: { user?: TestUser; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startSocialTestKit(): Promise<SocialTestKit> {
  const api = await createTestApp();
  const log = new TestLog(api.config.databaseUrl);
  return {
    api,
    log,
    signUp: () => signUp(api.url),
    send: (method, path, { user, body, headers = {} } = {}) =>
      fetch(`${api.url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...user?.auth,
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: async () => {
      await log.close();
      await api.close();
    },
  };
}

/** Response bodies as the tests read them (fetch types them unknown). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = async (res: Response): Promise<any> => res.json();

/** Problem type URI of a domain or HTTP problem, by its slug. */
export const problem = (slug: string): string => `https://photofeed.dev/problems/${slug}`;

import { freshClientIp } from '../../accounts/testing/sign-up';
import { GRAPHQL_PATH } from '../graphql-api.module';
import type { GraphqlErrorExtensions } from '../graphql-errors';

export interface GraphqlTestError {
  message: string;
  path?: string[];
  extensions: GraphqlErrorExtensions;
}

export interface GraphqlTestResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: any;
  errors?: GraphqlTestError[];
}

export interface GraphqlRequest {
  variables?: Record<string, unknown>;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Overrides; without `x-forwarded-for` each request comes from a fresh client IP. */
  headers?: Record<string, string>;
}

/**
 * POST /graphql over real HTTP, as a client sends it (JSON body). Each request names a client IP
 * of its own (test apps trust X-Forwarded-For): per-IP limits count in the Redis that every suite
 * and run share, and register allows 20 an hour per IP.
 */
export function graphqlClient(baseUrl: string) {
  return async (
    query: string,
    { variables, token, headers = {} }: GraphqlRequest = {},
  ): Promise<GraphqlTestResponse> => {
    const res = await fetch(`${baseUrl}${GRAPHQL_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': freshClientIp(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphqlTestResponse, 'status' | 'headers'>;
    return { status: res.status, headers: res.headers, ...body };
  };
}

/** The one error of a response, asserting there is exactly one. */
export function onlyError(response: GraphqlTestResponse): GraphqlTestError {
  if (response.errors?.length !== 1) {
    throw new Error(`expected one error, got ${JSON.stringify(response.errors ?? [])}`);
  }
  return response.errors[0];
}

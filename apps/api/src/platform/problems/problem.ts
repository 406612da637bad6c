/**
 * RFC 9457 problem details. Every error response of the api is one, as
 * `application/problem+json`: `{type, title, status, detail, instance, requestId, ...extensions}`.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://photofeed.dev/problems/';

/** A stable problem type URI from a slug: `problemType('username-taken')`. */
export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

/** What to answer; the filter adds `instance` and `requestId`. */
export interface Problem {
  /** A full URI, or a slug under PROBLEM_TYPE_BASE. Stable: clients switch on it. */
  readonly type: string;
  readonly status: number;
  /** Short, the same for every occurrence of the type. */
  readonly title: string;
  /** This occurrence, for a human. Never internals (SQL, stack, hostnames). */
  readonly detail?: string;
  /** Extra members of the body, e.g. `{ errors: [...] }` or `{ code: 'username_taken' }`. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers, e.g. Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The body as sent. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
}

/**
 * Throw this anywhere in a request to answer with exactly this problem. Features usually throw
 * their own errors and map them with `registerProblemMapper`; this is for the HTTP layer itself.
 */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    options?: { cause?: unknown },
  ) {
    super(problem.detail ?? problem.title, options);
    this.name = 'ProblemError';
  }
}

export function absoluteProblemType(type: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(type) ? type : problemType(type);
}

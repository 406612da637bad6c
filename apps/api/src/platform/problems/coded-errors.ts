import { problemType, type Problem } from './problem';

/**
 * HTTP statuses for the kinds of refusal the domain and media libraries make. A feature's mapper
 * can use `problemForCodedError` for any error with a stable `code` and a `kind` (or status).
 */
export const STATUS_BY_ERROR_KIND = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  gone: 410,
  unauthenticated: 401,
} as const satisfies Record<string, number>;

export type ErrorKind = keyof typeof STATUS_BY_ERROR_KIND;

export interface CodedError {
  /** Stable, snake_case: `username_taken`. Becomes the type `.../problems/username-taken`. */
  readonly code: string;
  readonly message: string;
}

/**
 * The problem for an error with a stable code: type from the code, title from the code (stable per
 * type, as RFC 9457 wants), detail from the message, and the code itself as an extension so
 * clients can switch on either.
 */
export function problemForCodedError(
  error: CodedError,
  status: number | ErrorKind,
  extensions: Record<string, unknown> = {},
): Problem {
  const slug = error.code.toLowerCase().replace(/_/g, '-');
  const words = error.code.toLowerCase().replace(/_/g, ' ');
  return {
    type: problemType(slug),
    status: typeof status === 'number' ? status : STATUS_BY_ERROR_KIND[status],
    title: words.charAt(0).toUpperCase() + words.slice(1),
    detail: error.message,
    extensions: { code: error.code, ...extensions },
  };
}

import { problemType } from './problem';

/** The problem types of the HTTP layer. Part of the API contract: never rename one. */
export const ProblemTypes = {
  badRequest: problemType('bad-request'),
  malformedJson: problemType('malformed-json'),
  validation: problemType('validation'),
  unauthorized: problemType('unauthorized'),
  forbidden: problemType('forbidden'),
  notFound: problemType('not-found'),
  methodNotAllowed: problemType('method-not-allowed'),
  conflict: problemType('conflict'),
  gone: problemType('gone'),
  payloadTooLarge: problemType('payload-too-large'),
  unsupportedMediaType: problemType('unsupported-media-type'),
  unprocessable: problemType('unprocessable'),
  invalidIdempotencyKey: problemType('invalid-idempotency-key'),
  idempotencyKeyReused: problemType('idempotency-key-reused'),
  idempotencyKeyInProgress: problemType('idempotency-key-in-progress'),
  rateLimited: problemType('rate-limited'),
  internal: problemType('internal'),
  serviceUnavailable: problemType('service-unavailable'),
} as const;

/** The problem an HTTP status means when nothing more specific is known. */
export const PROBLEM_BY_STATUS: Readonly<Record<number, { type: string; title: string }>> = {
  400: { type: ProblemTypes.badRequest, title: 'Bad request' },
  401: { type: ProblemTypes.unauthorized, title: 'Unauthorized' },
  403: { type: ProblemTypes.forbidden, title: 'Forbidden' },
  404: { type: ProblemTypes.notFound, title: 'Not found' },
  405: { type: ProblemTypes.methodNotAllowed, title: 'Method not allowed' },
  409: { type: ProblemTypes.conflict, title: 'Conflict' },
  410: { type: ProblemTypes.gone, title: 'Gone' },
  413: { type: ProblemTypes.payloadTooLarge, title: 'Payload too large' },
  415: { type: ProblemTypes.unsupportedMediaType, title: 'Unsupported media type' },
  422: { type: ProblemTypes.unprocessable, title: 'Unprocessable content' },
  429: { type: ProblemTypes.rateLimited, title: 'Too many requests' },
  500: { type: ProblemTypes.internal, title: 'Internal server error' },
  503: { type: ProblemTypes.serviceUnavailable, title: 'Service unavailable' },
};

/** RFC 9457 §4.2.1: a status with no more specific type is `about:blank`, titled by its phrase. */
export function problemForStatus(status: number): { type: string; title: string } {
  return PROBLEM_BY_STATUS[status] ?? { type: 'about:blank', title: `HTTP ${status}` };
}

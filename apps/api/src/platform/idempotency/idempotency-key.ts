import type { IncomingHttpHeaders } from 'node:http';
import { ProblemError } from '../problems/problem';
import { ProblemTypes } from '../problems/problem-types';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** The methods whose retries the key makes safe. GET, PUT and friends are idempotent already. */
export const IDEMPOTENCY_METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH', 'DELETE']);

// 1–255 printable ASCII characters (a UUID, typically), per the IETF Idempotency-Key draft's spirit.
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

/** The request's Idempotency-Key, undefined without one; a malformed key is a 400. */
export function readIdempotencyKey(headers: IncomingHttpHeaders): string | undefined {
  const key = headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return undefined;
  if (typeof key === 'string' && VALID_KEY.test(key) && key.trim() !== '') return key;
  throw new ProblemError({
    type: ProblemTypes.invalidIdempotencyKey,
    status: 400,
    title: 'Invalid Idempotency-Key',
    detail: 'Idempotency-Key must be 1 to 255 printable ASCII characters, sent once.',
  });
}

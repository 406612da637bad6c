import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemError } from '../problems/problem';
import { ProblemTypes } from '../problems/problem-types';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency.options';
import { IdempotencyStore, type IdempotencyClaim, type StoredResponse } from './idempotency-store';

export type Turn =
  | { readonly kind: 'run'; readonly claim: IdempotencyClaim }
  | { readonly kind: 'replay'; readonly response: StoredResponse };

/**
 * Decides whether this request runs or replays. A duplicate that arrives while the first is still
 * running waits for its answer (polling with backoff: cheaper to reason about than pub/sub, and
 * the wait is short), and takes over if the first released the key after a 5xx.
 */
@Injectable()
export class IdempotencyGate {
  constructor(
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  async takeTurn(scope: string, key: string, fingerprint: string): Promise<Turn> {
    const deadline = Date.now() + this.options.waitTimeoutMs;
    let delayMs = 5;
    for (;;) {
      const outcome = await this.store.claim(scope, key, fingerprint);
      if (outcome.kind === 'claimed') return { kind: 'run', claim: outcome.claim };
      if (outcome.fingerprint !== fingerprint) throw keyReused();
      if (outcome.kind === 'completed') return { kind: 'replay', response: outcome.response };
      if (Date.now() + delayMs > deadline) throw stillInProgress();
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 200);
    }
  }
}

function keyReused(): ProblemError {
  return new ProblemError({
    type: ProblemTypes.idempotencyKeyReused,
    status: 422,
    title: 'Idempotency-Key reused',
    detail:
      'This Idempotency-Key was already used for a different request (method, URL or body). Use a new key for a new request.',
  });
}

function stillInProgress(): ProblemError {
  return new ProblemError({
    type: ProblemTypes.idempotencyKeyInProgress,
    status: 409,
    title: 'Idempotency-Key in progress',
    detail: 'A request with this Idempotency-Key is still being processed. Retry shortly.',
    headers: { 'retry-after': '1' },
  });
}

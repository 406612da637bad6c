import { ProblemError } from '../problems/problem';
import { IdempotencyGate } from './idempotency-gate';
import type { ClaimOutcome, IdempotencyStore } from './idempotency-store';

/** A store that answers claims from a script, to drive the gate through its waiting paths. */
function storeAnswering(...outcomes: ClaimOutcome[]) {
  const claim = jest.fn(async () => (outcomes.length > 1 ? outcomes.shift()! : outcomes[0]));
  return { store: { claim } as unknown as IdempotencyStore, claim };
}

const options = { resultTtlSeconds: 60, pendingTtlSeconds: 5, waitTimeoutMs: 100 };
const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{}' };

describe('IdempotencyGate', () => {
  it('runs the request when it claims the key', async () => {
    const { store } = storeAnswering({ kind: 'claimed', claim: { redisKey: 'k', owner: 'o' } });
    await expect(new IdempotencyGate(store, options).takeTurn('s', 'k', 'fp')).resolves.toEqual({
      kind: 'run',
      claim: { redisKey: 'k', owner: 'o' },
    });
  });

  it('waits while the first request runs, then replays its answer', async () => {
    const { store, claim } = storeAnswering(
      { kind: 'pending', fingerprint: 'fp' },
      { kind: 'pending', fingerprint: 'fp' },
      { kind: 'completed', fingerprint: 'fp', response },
    );
    await expect(new IdempotencyGate(store, options).takeTurn('s', 'k', 'fp')).resolves.toEqual({
      kind: 'replay',
      response,
    });
    expect(claim).toHaveBeenCalledTimes(3);
  });

  it('takes over when the first request released the key (it failed with a 5xx)', async () => {
    const { store } = storeAnswering(
      { kind: 'pending', fingerprint: 'fp' },
      { kind: 'claimed', claim: { redisKey: 'k', owner: 'me' } },
    );
    const turn = await new IdempotencyGate(store, options).takeTurn('s', 'k', 'fp');
    expect(turn.kind).toBe('run');
  });

  it('gives up with 409 in-progress (Retry-After) when the first request takes too long', async () => {
    const { store } = storeAnswering({ kind: 'pending', fingerprint: 'fp' });
    const started = Date.now();
    const error = await new IdempotencyGate(store, options)
      .takeTurn('s', 'k', 'fp')
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(options.waitTimeoutMs + 50);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toMatchObject({
      status: 409,
      type: 'https://photofeed.dev/problems/idempotency-key-in-progress',
      headers: { 'retry-after': '1' },
    });
  });

  it.each([
    { kind: 'pending', fingerprint: 'other' },
    { kind: 'completed', fingerprint: 'other', response },
  ] as ClaimOutcome[])('refuses another request under the key (%o) with 422', async (outcome) => {
    const { store } = storeAnswering(outcome);
    await expect(
      new IdempotencyGate(store, options).takeTurn('s', 'k', 'fp'),
    ).rejects.toMatchObject({ problem: { status: 422 } });
  });
});

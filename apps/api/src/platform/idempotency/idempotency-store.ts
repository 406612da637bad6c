import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS_CLIENT } from '../redis/redis.module';
import { RedisScript } from '../redis/redis-script';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency.options';

/** An answer as sent, to be sent again byte for byte. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The right to run the request, held by one request until it completes or releases it. */
export interface IdempotencyClaim {
  readonly redisKey: string;
  readonly owner: string;
}

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly claim: IdempotencyClaim }
  | { readonly kind: 'pending'; readonly fingerprint: string }
  | { readonly kind: 'completed'; readonly fingerprint: string; readonly response: StoredResponse };

// A hash per (scope, key): state 'pending' (with the owner's token) or 'done' (with the response).
// Claiming is atomic, so of N concurrent requests exactly one gets 'claimed'.
const CLAIM = new RedisScript(`
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  redis.call('HSET', KEYS[1], 'state', 'pending', 'fingerprint', ARGV[1], 'owner', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'claimed'}
end
return {state, redis.call('HGET', KEYS[1], 'fingerprint'), redis.call('HGET', KEYS[1], 'response') or ''}
`);

// Only the owner completes or releases: after its claim expired, the key may be someone else's.
const COMPLETE = new RedisScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'response', ARGV[2])
redis.call('HDEL', KEYS[1], 'owner')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

const RELEASE = new RedisScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

/** Idempotency records in Redis, shared by every api replica. */
@Injectable()
export class IdempotencyStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  async claim(scope: string, key: string, fingerprint: string): Promise<ClaimOutcome> {
    // The key is the client's text: hashed, so any printable key makes a tidy Redis key.
    const redisKey = `idempotency:${scope}:${createHash('sha256').update(key).digest('base64url')}`;
    const owner = randomUUID();
    const reply = (await CLAIM.run(
      this.redis,
      [redisKey],
      [fingerprint, owner, this.options.pendingTtlSeconds * 1000],
    )) as string[];
    if (reply[0] === 'claimed') return { kind: 'claimed', claim: { redisKey, owner } };
    const [state, storedFingerprint, response] = reply;
    if (state === 'done') {
      return {
        kind: 'completed',
        fingerprint: storedFingerprint,
        response: JSON.parse(response) as StoredResponse,
      };
    }
    return { kind: 'pending', fingerprint: storedFingerprint };
  }

  async complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    await COMPLETE.run(
      this.redis,
      [claim.redisKey],
      [claim.owner, JSON.stringify(response), this.options.resultTtlSeconds * 1000],
    );
  }

  /** Forgets the claim, so a retry runs the request again (after a 5xx). */
  async release(claim: IdempotencyClaim): Promise<void> {
    await RELEASE.run(this.redis, [claim.redisKey], [claim.owner]);
  }
}

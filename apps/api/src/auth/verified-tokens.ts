import type { AuthenticatedUser } from '../accounts/access-tokens';

interface Verified {
  user: AuthenticatedUser;
  /** The token's `exp` claim, in seconds since the epoch. */
  exp: number;
}

/**
 * Access tokens already verified by this process, by their exact text, until their `exp`.
 *
 * Why this is safe: an access token is self-contained and immutable (HS256 over its own text, with
 * this process's one secret), and not revocable by design (access-tokens.ts). So whether a given
 * string is a valid token can only change with the clock: exactly what `get` checks, with
 * jsonwebtoken's own rule (valid while the current second is below `exp`). Every request is still
 * authenticated; a token seen before just skips recomputing the HMAC and parsing its JSON again
 * (~5% of a feed read's CPU). Only verified tokens are remembered, so a forged or altered string is
 * never found here and goes through full verification, and fails.
 *
 * Bounded: past `capacity` entries the oldest is dropped (a busy replica sees each client's token
 * over and over; a token dropped too early is simply verified again).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(
    private readonly capacity = 10_000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get(token: string): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (Math.floor(this.nowMs() / 1000) < entry.exp) return entry.user;
    this.entries.delete(token);
    return undefined;
  }

  /** Call only with a token that just passed verification. Tokens without `exp` are not kept. */
  remember(token: string, user: AuthenticatedUser): void {
    const exp = expiryOf(token);
    if (exp === undefined) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { user, exp });
  }
}

/** The `exp` claim of a JWT already verified (so its payload is well-formed JSON). */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp)
      ? payload.exp
      : undefined;
  } catch {
    return undefined;
  }
}

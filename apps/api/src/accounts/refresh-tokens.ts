import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Refresh tokens are opaque: "<sessionId>.<secret>". Only the secret's SHA-256 is stored (in the
 * session's events), so the log never holds a usable token. A high-entropy random secret needs no
 * slow hash.
 */
export interface IssuedRefreshToken {
  token: string;
  hash: string;
}

export function issueRefreshToken(sessionId: string): IssuedRefreshToken {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${sessionId}.${secret}`, hash: hashSecret(secret) };
}

/** Splits a presented token; undefined when it is not one of ours. */
export function parseRefreshToken(token: unknown): { sessionId: string; hash: string } | undefined {
  if (typeof token !== 'string' || token.length > 200) return undefined;
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { sessionId: m[1], hash: hashSecret(m[2]) } : undefined;
}

export function sameHash(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')];
  return x.length === y.length && timingSafeEqual(x, y);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

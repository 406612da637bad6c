import { randomUUID } from 'node:crypto';
import { issueRefreshToken, parseRefreshToken, sameHash } from './refresh-tokens';

describe('refresh tokens', () => {
  it('parse back to their session and the stored hash, never the secret', () => {
    const sessionId = randomUUID();
    const issued = issueRefreshToken(sessionId);
    const parsed = parseRefreshToken(issued.token);
    expect(parsed).toEqual({ sessionId, hash: issued.hash });
    expect(issued.hash).not.toContain(issued.token.split('.')[1]);
    expect(sameHash(parsed!.hash, issued.hash)).toBe(true);
    expect(sameHash(issueRefreshToken(sessionId).hash, issued.hash)).toBe(false);
  });

  it('refuse anything that is not one of ours', () => {
    for (const bad of [
      undefined,
      42,
      '',
      'abc',
      `${randomUUID()}.short`,
      `not-a-uuid.${'a'.repeat(43)}`,
      'x'.repeat(500),
    ]) {
      expect(parseRefreshToken(bad)).toBeUndefined();
    }
  });
});

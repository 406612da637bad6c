import { ANA } from '../testing/fixtures';
import type { SessionEvent } from './events';
import { SESSION, sessionRefreshed, sessionRevoked, sessionStarted } from '../testing/fixtures';
import { evolveSession, initialSessionState } from './session-state';

const fold = (events: SessionEvent[]) => events.reduce(evolveSession, initialSessionState());

describe('evolveSession', () => {
  it('keeps the current hash and remembers every rotated one', () => {
    expect(
      fold([sessionStarted('h1'), sessionRefreshed('h2', 'e2'), sessionRefreshed('h3', 'e3')]),
    ).toEqual({
      status: 'active',
      sessionId: SESSION,
      userId: ANA,
      refreshTokenHash: 'h3',
      previousRefreshTokenHashes: ['h1', 'h2'],
      expiresAt: 'e3',
    });
  });

  it('ends revoked, with its reason', () => {
    expect(fold([sessionStarted(), sessionRevoked('reuse_detected')])).toEqual({
      status: 'revoked',
      sessionId: SESSION,
      userId: ANA,
      reason: 'reuse_detected',
    });
  });
});

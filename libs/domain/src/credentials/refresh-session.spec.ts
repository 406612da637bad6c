import { deciderSpec } from '../testing/decider-spec';
import { NOW } from '../testing/fixtures';
import { refreshSessionDecider, type RefreshSession } from './refresh-session';
import {
  IN_A_MONTH,
  SESSION,
  sessionRefreshed,
  sessionRevoked,
  sessionStarted,
} from '../testing/fixtures';

const spec = deciderSpec(refreshSessionDecider);
const LATER = new Date(IN_A_MONTH.getTime() + 1000);

const refresh = (overrides: Partial<RefreshSession> = {}): RefreshSession => ({
  sessionId: SESSION,
  refreshTokenHash: 'hash-1',
  newRefreshTokenHash: 'hash-2',
  newExpiresAt: LATER,
  now: NOW,
  ...overrides,
});

describe('refreshSession', () => {
  it('rotates the refresh token and extends the session', () => {
    spec
      .given([sessionStarted('hash-1')])
      .when(refresh())
      .then([sessionRefreshed('hash-2', LATER.toISOString())]);
  });

  it('accepts the newest token after several rotations', () => {
    spec
      .given([sessionStarted('hash-1'), sessionRefreshed('hash-2'), sessionRefreshed('hash-3')])
      .when(refresh({ refreshTokenHash: 'hash-3', newRefreshTokenHash: 'hash-4' }))
      .then([sessionRefreshed('hash-4', LATER.toISOString())]);
  });

  it('revokes the session, and refuses, when a rotated-away token is presented again', () => {
    spec
      .given([sessionStarted('hash-1'), sessionRefreshed('hash-2')])
      .when(refresh({ refreshTokenHash: 'hash-1', newRefreshTokenHash: 'hash-3' }))
      .thenRefusesAfter([sessionRevoked('reuse_detected')], 'refresh_token_reused');
  });

  it('refuses, without revoking, a token never issued for this session', () => {
    spec
      .given([sessionStarted('hash-1'), sessionRefreshed('hash-2')])
      .when(refresh({ refreshTokenHash: 'forged' }))
      .thenRefuses('refresh_token_invalid');
  });

  it('refuses a revoked session, even with its current token', () => {
    spec
      .given([sessionStarted('hash-1'), sessionRevoked('logout')])
      .when(refresh())
      .thenRefuses('session_revoked');
  });

  it('refuses an expired session', () => {
    spec
      .given([sessionStarted('hash-1', NOW.toISOString())])
      .when(refresh())
      .thenRefuses('session_expired');
  });

  it('refuses a session that does not exist', () => {
    spec.given([]).when(refresh()).thenRefuses('session_not_found');
  });

  it('refuses a new expiry that is not after now', () => {
    spec
      .given([sessionStarted('hash-1')])
      .when(refresh({ newExpiresAt: NOW }))
      .thenRefuses('invalid_session_expiry');
  });
});

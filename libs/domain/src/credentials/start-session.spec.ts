import { deciderSpec } from '../testing/decider-spec';
import { ANA, NOW } from '../testing/fixtures';
import type { PasswordSet } from './events';
import { IN_A_MONTH, SESSION, sessionStarted } from '../testing/fixtures';
import { startSessionDecider, type StartSession } from './start-session';

const spec = deciderSpec(startSessionDecider);
const credentials: PasswordSet = { type: 'PasswordSet', data: { userId: ANA, passwordHash: 'pw' } };

const start = (overrides: Partial<StartSession> = {}): StartSession => ({
  sessionId: SESSION,
  userId: ANA,
  refreshTokenHash: 'hash-1',
  expiresAt: IN_A_MONTH,
  now: NOW,
  ...overrides,
});

describe('startSession', () => {
  it('starts a session for a user with credentials', () => {
    spec
      .given([credentials])
      .when(start())
      .then([sessionStarted('hash-1', IN_A_MONTH.toISOString())]);
  });

  it('refuses a user without credentials', () => {
    spec.given([]).when(start()).thenRefuses('user_not_found');
  });

  it('changes nothing when the same session was already started (a retry)', () => {
    spec.given([credentials, sessionStarted()]).when(start()).thenUnchanged();
  });

  it('refuses a session id already in use', () => {
    spec
      .given([credentials, sessionStarted('other')])
      .when(start())
      .thenRefuses('session_id_taken');
  });

  it('refuses an expiry that is not after now', () => {
    spec
      .given([credentials])
      .when(start({ expiresAt: NOW }))
      .thenRefuses('invalid_session_expiry');
  });

  it('refuses an empty refresh-token hash', () => {
    spec
      .given([credentials])
      .when(start({ refreshTokenHash: '' }))
      .thenRefuses('invalid_refresh_token_hash');
  });
});

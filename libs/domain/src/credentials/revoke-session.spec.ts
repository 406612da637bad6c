import { deciderSpec } from '../testing/decider-spec';
import { ANA, BEN } from '../testing/fixtures';
import { revokeSessionDecider } from './revoke-session';
import { SESSION, sessionRevoked, sessionStarted } from '../testing/fixtures';

const spec = deciderSpec(revokeSessionDecider);

describe('revokeSession', () => {
  it('revokes the session at logout', () => {
    spec
      .given([sessionStarted()])
      .when({ sessionId: SESSION, userId: ANA, reason: 'logout' })
      .then([sessionRevoked('logout')]);
  });

  it('changes nothing when the session is already revoked', () => {
    spec
      .given([sessionStarted(), sessionRevoked('reuse_detected')])
      .when({ sessionId: SESSION, userId: ANA, reason: 'logout' })
      .thenUnchanged();
  });

  it("refuses to end another user's session", () => {
    spec
      .given([sessionStarted()])
      .when({ sessionId: SESSION, userId: BEN, reason: 'logout' })
      .thenRefuses('not_session_owner');
  });

  it('refuses a session that does not exist', () => {
    spec
      .given([])
      .when({ sessionId: SESSION, userId: ANA, reason: 'logout' })
      .thenRefuses('session_not_found');
  });
});

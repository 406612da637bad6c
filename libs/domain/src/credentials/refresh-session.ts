import { type Decider, type Decision, emit, emitThenReject } from '../shared/decider';
import { NotFoundError, UnauthenticatedError } from '../shared/domain-error';
import { sessionStream } from '../shared/streams';
import type { SessionEvent, SessionRefreshed, SessionRevoked } from './events';
import { hasExpired, requireRefreshTokenHash, validExpiry } from './session-rules';
import { evolveSession, initialSessionState, type SessionState } from './session-state';

export interface RefreshSession {
  sessionId: string;
  /** Hash of the refresh token the client presented. */
  refreshTokenHash: string;
  /** Hash of the new refresh token the api will hand out (rotation). */
  newRefreshTokenHash: string;
  newExpiresAt: Date;
  now: Date;
}

/**
 * Refresh-token rotation with reuse detection: every refresh replaces the token. A token that was
 * already rotated away, presented again, means two parties hold it (one of them a thief): the whole
 * session is revoked (SessionRevoked, reason reuse_detected) and the command refused, so the thief's
 * newer token dies too. A hash never issued for this session is refused without revoking: otherwise
 * anyone who learnt a session id could log its owner out.
 */
export function refreshSession(
  command: RefreshSession,
  state: SessionState,
): Decision<SessionRefreshed | SessionRevoked> {
  const { sessionId, refreshTokenHash, newRefreshTokenHash, now } = command;
  requireRefreshTokenHash(refreshTokenHash);
  requireRefreshTokenHash(newRefreshTokenHash);
  const expiresAt = validExpiry(command.newExpiresAt, now);

  if (state.status === 'none') {
    throw new NotFoundError('session_not_found', `There is no session ${sessionId}.`);
  }
  if (state.status === 'revoked') {
    throw new UnauthenticatedError('session_revoked', 'The session was revoked: log in again.');
  }
  if (hasExpired(state.expiresAt, now)) {
    throw new UnauthenticatedError('session_expired', 'The session has expired: log in again.');
  }
  if (state.previousRefreshTokenHashes.includes(refreshTokenHash)) {
    return emitThenReject<SessionRevoked>(
      new UnauthenticatedError(
        'refresh_token_reused',
        'This refresh token was already used; the session is revoked: log in again.',
      ),
      { type: 'SessionRevoked', data: { sessionId, reason: 'reuse_detected' } },
    );
  }
  if (refreshTokenHash !== state.refreshTokenHash) {
    throw new UnauthenticatedError('refresh_token_invalid', 'The refresh token is not valid.');
  }
  return emit<SessionRefreshed>({
    type: 'SessionRefreshed',
    data: { sessionId, refreshTokenHash: newRefreshTokenHash, expiresAt },
  });
}

export const refreshSessionDecider: Decider<RefreshSession, SessionState, SessionEvent> = {
  streams: (command) => [sessionStream(command.sessionId)],
  initialState: initialSessionState,
  evolve: evolveSession,
  decide: refreshSession,
};

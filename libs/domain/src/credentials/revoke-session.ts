import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { ForbiddenError, NotFoundError } from '../shared/domain-error';
import { sessionStream } from '../shared/streams';
import type { SessionEvent, SessionRevoked, SessionRevokedReason } from './events';
import { evolveSession, initialSessionState, type SessionState } from './session-state';

export interface RevokeSession {
  sessionId: string;
  /** Who asks: only the session's user may end it. */
  userId: string;
  /** reuse_detected is decided by refreshSession only. */
  reason: Exclude<SessionRevokedReason, 'reuse_detected'>;
}

/** Logout (or the api ending sessions after a password change). Revoking twice changes nothing. */
export function revokeSession(
  command: RevokeSession,
  state: SessionState,
): Decision<SessionRevoked> {
  const { sessionId, userId, reason } = command;
  if (state.status === 'none') {
    throw new NotFoundError('session_not_found', `There is no session ${sessionId}.`);
  }
  if (state.userId !== userId) {
    throw new ForbiddenError('not_session_owner', `Session ${sessionId} is not yours to end.`);
  }
  if (state.status === 'revoked') return unchanged();
  return emit<SessionRevoked>({ type: 'SessionRevoked', data: { sessionId, reason } });
}

export const revokeSessionDecider: Decider<RevokeSession, SessionState, SessionEvent> = {
  streams: (command) => [sessionStream(command.sessionId)],
  initialState: initialSessionState,
  evolve: evolveSession,
  decide: revokeSession,
};

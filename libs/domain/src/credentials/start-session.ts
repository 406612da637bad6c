import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { ConflictError, NotFoundError } from '../shared/domain-error';
import { isOneOf } from '../shared/event';
import { credentialsStream, sessionStream } from '../shared/streams';
import {
  evolveCredentials,
  initialCredentialsState,
  type CredentialsState,
} from './credentials-state';
import {
  CREDENTIALS_EVENT_TYPES,
  type CredentialsEvent,
  type SessionEvent,
  type SessionStarted,
} from './events';
import { requireRefreshTokenHash, validExpiry } from './session-rules';
import { evolveSession, initialSessionState, type SessionState } from './session-state';

export interface StartSession {
  /** Allocated by the api. */
  sessionId: string;
  userId: string;
  refreshTokenHash: string;
  expiresAt: Date;
  now: Date;
}

export interface StartSessionState {
  credentials: CredentialsState;
  session: SessionState;
}

/**
 * Login. The api has already checked the password against `credentials.passwordHash` (hashing is
 * its job); the domain makes sure the user exists and the session id is new.
 */
export function startSession(
  command: StartSession,
  state: StartSessionState,
): Decision<SessionStarted> {
  const { sessionId, userId, refreshTokenHash } = command;
  requireRefreshTokenHash(refreshTokenHash);
  const expiresAt = validExpiry(command.expiresAt, command.now);
  if (state.credentials.status !== 'set') {
    throw new NotFoundError('user_not_found', `There is no user ${userId}.`);
  }
  if (state.session.status !== 'none') {
    const retry =
      state.session.status === 'active' &&
      state.session.userId === userId &&
      state.session.refreshTokenHash === refreshTokenHash;
    if (retry) return unchanged();
    throw new ConflictError('session_id_taken', `Session ${sessionId} already exists.`);
  }
  return emit<SessionStarted>({
    type: 'SessionStarted',
    data: { sessionId, userId, refreshTokenHash, expiresAt },
  });
}

export const startSessionDecider: Decider<
  StartSession,
  StartSessionState,
  CredentialsEvent | SessionEvent
> = {
  streams: (command) => [credentialsStream(command.userId), sessionStream(command.sessionId)],
  initialState: () => ({ credentials: initialCredentialsState(), session: initialSessionState() }),
  evolve: (state, event) =>
    isOneOf(event, CREDENTIALS_EVENT_TYPES)
      ? { ...state, credentials: evolveCredentials(state.credentials, event) }
      : { ...state, session: evolveSession(state.session, event) },
  decide: startSession,
};

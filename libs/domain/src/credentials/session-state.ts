import type { SessionEvent, SessionRevokedReason } from './events';

/** Folded from session-<sessionId>. Expiry is not a state: it depends on the command's `now`. */
export type SessionState =
  | { status: 'none' }
  | {
      status: 'active';
      sessionId: string;
      userId: string;
      refreshTokenHash: string;
      /** Hashes rotated away: presenting one of them again is token theft (reuse). */
      previousRefreshTokenHashes: readonly string[];
      expiresAt: string;
    }
  | { status: 'revoked'; sessionId: string; userId: string; reason: SessionRevokedReason };

export const initialSessionState = (): SessionState => ({ status: 'none' });

export function evolveSession(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionStarted': {
      const { sessionId, userId, refreshTokenHash, expiresAt } = event.data;
      return {
        status: 'active',
        sessionId,
        userId,
        refreshTokenHash,
        previousRefreshTokenHashes: [],
        expiresAt,
      };
    }
    case 'SessionRefreshed':
      if (state.status !== 'active') return state;
      return {
        ...state,
        refreshTokenHash: event.data.refreshTokenHash,
        previousRefreshTokenHashes: [...state.previousRefreshTokenHashes, state.refreshTokenHash],
        expiresAt: event.data.expiresAt,
      };
    case 'SessionRevoked':
      if (state.status === 'none') return state;
      return {
        status: 'revoked',
        sessionId: state.sessionId,
        userId: state.userId,
        reason: event.data.reason,
      };
  }
}

/** The stream's fold, for handlers that load it on its own. */
export const sessionEvolver = { initialState: initialSessionState, evolve: evolveSession };

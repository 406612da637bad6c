import type { CredentialsEvent } from './events';

/** Folded from credentials-<userId>. Present from registration on. */
export type CredentialsState =
  { status: 'none' } | { status: 'set'; userId: string; passwordHash: string };

export const initialCredentialsState = (): CredentialsState => ({ status: 'none' });

export function evolveCredentials(
  _state: CredentialsState,
  event: CredentialsEvent,
): CredentialsState {
  const { userId, passwordHash } = event.data;
  return { status: 'set', userId, passwordHash };
}

/** The stream's fold, for handlers that load it on its own. */
export const credentialsEvolver = {
  initialState: initialCredentialsState,
  evolve: evolveCredentials,
};

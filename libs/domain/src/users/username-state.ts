import type { UsernameEvent } from './events';

/** Folded from username-<lowercased name>: who holds the name, if anyone. */
export type UsernameState =
  { status: 'free' } | { status: 'claimed'; username: string; userId: string };

export const initialUsernameState = (): UsernameState => ({ status: 'free' });

export function evolveUsername(_state: UsernameState, event: UsernameEvent): UsernameState {
  const { username, userId } = event.data;
  return { status: 'claimed', username, userId };
}

/** The stream's fold, for handlers that load it on its own. */
export const usernameEvolver = { initialState: initialUsernameState, evolve: evolveUsername };

import type { PasswordSet } from '../credentials/events';
import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { ConflictError, InvalidCommandError } from '../shared/domain-error';
import { credentialsStream, userStream, usernameStream } from '../shared/streams';
import type { UserRegistered, UsernameClaimed, UsernameEvent } from './events';
import { validDisplayName, validUsername } from './profile-rules';
import { evolveUsername, initialUsernameState, type UsernameState } from './username-state';

export interface RegisterUser {
  /** Allocated by the api. */
  userId: string;
  username: string;
  displayName: string;
  /** Computed by the api from the password; never the password itself. */
  passwordHash: string;
  now: Date;
}

export interface RegisterUserState {
  username: UsernameState;
}

export type RegisterUserEvent = UserRegistered | UsernameClaimed | PasswordSet;

/**
 * Registration writes three streams in one atomic append, each expected not to exist yet:
 * user-<id>, username-<lowercased name> and credentials-<id>. The username stream is the
 * uniqueness check: of two registrations racing for a name, the second append fails on it (the
 * api answers `username_taken`). No projection is read.
 */
export function registerUser(
  command: RegisterUser,
  state: RegisterUserState,
): Decision<RegisterUserEvent> {
  const username = validUsername(command.username);
  const displayName = validDisplayName(command.displayName);
  if (command.passwordHash.length === 0) {
    throw new InvalidCommandError('invalid_password_hash', 'A password hash is required.');
  }

  if (state.username.status === 'claimed') {
    // The same user holding it means this registration already happened: a retry.
    if (state.username.userId === command.userId) return unchanged();
    throw new ConflictError('username_taken', `The username "${username}" is taken.`);
  }

  const { userId, passwordHash } = command;
  return emit<RegisterUserEvent>(
    {
      type: 'UserRegistered',
      data: { userId, username, displayName, registeredAt: command.now.toISOString() },
    },
    { type: 'UsernameClaimed', data: { username, userId } },
    { type: 'PasswordSet', data: { userId, passwordHash } },
  );
}

export const registerUserDecider: Decider<
  RegisterUser,
  RegisterUserState,
  RegisterUserEvent | UsernameEvent
> = {
  // user-<id> and credentials-<id> are read too (empty: the id is new) so that each appended stream
  // is expected to be new, like the username stream.
  streams: (command) => [
    userStream(command.userId),
    usernameStream(command.username),
    credentialsStream(command.userId),
  ],
  initialState: () => ({ username: initialUsernameState() }),
  evolve: (state, event) =>
    event.type === 'UsernameClaimed' ? { username: evolveUsername(state.username, event) } : state,
  decide: registerUser,
};

import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { InvalidCommandError, NotFoundError } from '../shared/domain-error';
import { credentialsStream } from '../shared/streams';
import {
  evolveCredentials,
  initialCredentialsState,
  type CredentialsState,
} from './credentials-state';
import type { CredentialsEvent, PasswordSet } from './events';

export interface SetPassword {
  userId: string;
  /** Computed by the api (and verified against the old password there, if it asks for one). */
  passwordHash: string;
}

/** Changes the password of a registered user. Revoking their sessions is the api's follow-up. */
export function setPassword(command: SetPassword, state: CredentialsState): Decision<PasswordSet> {
  const { userId, passwordHash } = command;
  if (passwordHash.length === 0) {
    throw new InvalidCommandError('invalid_password_hash', 'A password hash is required.');
  }
  // Credentials are written at registration: none means no such user.
  if (state.status !== 'set')
    throw new NotFoundError('user_not_found', `There is no user ${userId}.`);
  // Hashes are salted: the same hash again can only be a retry of this very command.
  if (state.passwordHash === passwordHash) return unchanged();
  return emit<PasswordSet>({ type: 'PasswordSet', data: { userId, passwordHash } });
}

export const setPasswordDecider: Decider<SetPassword, CredentialsState, CredentialsEvent> = {
  streams: (command) => [credentialsStream(command.userId)],
  initialState: initialCredentialsState,
  evolve: evolveCredentials,
  decide: setPassword,
};

import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { InvalidCommandError, NotFoundError } from '../shared/domain-error';
import { userStream } from '../shared/streams';
import type { ProfileUpdated, UserEvent } from './events';
import { validBio, validDisplayName } from './profile-rules';
import { evolveUser, initialUserState, type UserState } from './user-state';

export interface UpdateProfile {
  userId: string;
  /** Absent: keep. */
  displayName?: string;
  /** Absent: keep; empty: clear. */
  bio?: string;
}

export function updateProfile(command: UpdateProfile, state: UserState): Decision<ProfileUpdated> {
  if (command.displayName === undefined && command.bio === undefined) {
    throw new InvalidCommandError('empty_profile_update', 'Give a display name, a bio, or both.');
  }
  const displayName =
    command.displayName === undefined ? undefined : validDisplayName(command.displayName);
  const bio = command.bio === undefined ? undefined : validBio(command.bio);
  if (state.status !== 'registered') {
    throw new NotFoundError('user_not_found', `There is no user ${command.userId}.`);
  }

  // Only what actually changes goes into the event, so consumers see real changes only.
  const data: { userId: string; displayName?: string; bio?: string } = { userId: command.userId };
  if (displayName !== undefined && displayName !== state.displayName)
    data.displayName = displayName;
  if (bio !== undefined && bio !== state.bio) data.bio = bio;
  if (data.displayName === undefined && data.bio === undefined) return unchanged();
  return emit<ProfileUpdated>({ type: 'ProfileUpdated', data });
}

export const updateProfileDecider: Decider<UpdateProfile, UserState, UserEvent> = {
  streams: (command) => [userStream(command.userId)],
  initialState: initialUserState,
  evolve: evolveUser,
  decide: updateProfile,
};

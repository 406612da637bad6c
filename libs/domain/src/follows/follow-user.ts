import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { NotFoundError } from '../shared/domain-error';
import { isOneOf } from '../shared/event';
import { followStream, userStream } from '../shared/streams';
import { USER_EVENT_TYPES, type UserEvent } from '../users/events';
import { evolveUser, initialUserState, type UserState } from '../users/user-state';
import type { Followed, FollowEvent } from './events';
import { evolveFollow, initialFollowState, type FollowState } from './follow-state';
import { refuseSelfFollow } from './rules';

export interface FollowUser {
  /** The authenticated user (known to exist, so not read). */
  followerId: string;
  followeeId: string;
  now: Date;
}

/** The target user (user-<followeeId>) and the relationship (follow-<followerId>-<followeeId>). */
export interface FollowUserState {
  followee: UserState;
  follow: FollowState;
}

export function followUser(command: FollowUser, state: FollowUserState): Decision<Followed> {
  const { followerId, followeeId } = command;
  refuseSelfFollow(followerId, followeeId);
  if (state.followee.status !== 'registered') {
    throw new NotFoundError('user_not_found', `There is no user ${followeeId}.`);
  }
  if (state.follow.following) return unchanged();
  return emit<Followed>({
    type: 'Followed',
    data: { followerId, followeeId, followedAt: command.now.toISOString() },
  });
}

export const followUserDecider: Decider<FollowUser, FollowUserState, UserEvent | FollowEvent> = {
  streams: (command) => [
    userStream(command.followeeId),
    followStream(command.followerId, command.followeeId),
  ],
  initialState: () => ({ followee: initialUserState(), follow: initialFollowState() }),
  evolve: (state, event) =>
    isOneOf(event, USER_EVENT_TYPES)
      ? { ...state, followee: evolveUser(state.followee, event) }
      : { ...state, follow: evolveFollow(state.follow, event) },
  decide: followUser,
};

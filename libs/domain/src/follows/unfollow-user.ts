import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { followStream } from '../shared/streams';
import type { FollowEvent, Unfollowed } from './events';
import { evolveFollow, initialFollowState, type FollowState } from './follow-state';
import { refuseSelfFollow } from './rules';

export interface UnfollowUser {
  followerId: string;
  followeeId: string;
}

/** Needs only the follow stream; unfollowing someone not followed changes nothing. */
export function unfollowUser(command: UnfollowUser, state: FollowState): Decision<Unfollowed> {
  const { followerId, followeeId } = command;
  refuseSelfFollow(followerId, followeeId);
  if (!state.following) return unchanged();
  return emit<Unfollowed>({ type: 'Unfollowed', data: { followerId, followeeId } });
}

export const unfollowUserDecider: Decider<UnfollowUser, FollowState, FollowEvent> = {
  streams: (command) => [followStream(command.followerId, command.followeeId)],
  initialState: initialFollowState,
  evolve: evolveFollow,
  decide: unfollowUser,
};

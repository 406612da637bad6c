import type { FollowEvent } from './events';

/** Folded from follow-<followerId>-<followeeId>. */
export interface FollowState {
  following: boolean;
}

export const initialFollowState = (): FollowState => ({ following: false });

export function evolveFollow(_state: FollowState, event: FollowEvent): FollowState {
  return { following: event.type === 'Followed' };
}

/** The stream's fold, for handlers that load it on its own. */
export const followEvolver = { initialState: initialFollowState, evolve: evolveFollow };

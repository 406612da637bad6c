import type { LikeEvent } from './events';

/** Folded from like-<photoId>-<userId>. Keeps the owner so that unliking needs no photo read. */
export type LikeState = { liked: false } | { liked: true; photoOwnerId: string };

export const initialLikeState = (): LikeState => ({ liked: false });

export function evolveLike(_state: LikeState, event: LikeEvent): LikeState {
  return event.type === 'Liked'
    ? { liked: true, photoOwnerId: event.data.photoOwnerId }
    : { liked: false };
}

/** The stream's fold, for handlers that load it on its own. */
export const likeEvolver = { initialState: initialLikeState, evolve: evolveLike };

import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { likeStream } from '../shared/streams';
import type { LikeEvent, Unliked } from './events';
import { evolveLike, initialLikeState, type LikeState } from './like-state';

export interface UnlikePhoto {
  photoId: string;
  userId: string;
}

/**
 * Needs only the like stream: the owner was recorded when the photo was liked. Unliking a photo
 * deleted since is allowed (it only undoes the like); unliking what is not liked changes nothing.
 */
export function unlikePhoto(command: UnlikePhoto, state: LikeState): Decision<Unliked> {
  if (!state.liked) return unchanged();
  const { photoId, userId } = command;
  return emit<Unliked>({
    type: 'Unliked',
    data: { photoId, userId, photoOwnerId: state.photoOwnerId },
  });
}

export const unlikePhotoDecider: Decider<UnlikePhoto, LikeState, LikeEvent> = {
  streams: (command) => [likeStream(command.photoId, command.userId)],
  initialState: initialLikeState,
  evolve: evolveLike,
  decide: unlikePhoto,
};

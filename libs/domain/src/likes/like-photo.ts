import { PHOTO_EVENT_TYPES, type PhotoEvent } from '../photos/events';
import { evolvePhoto, initialPhotoState, type PhotoState } from '../photos/photo-state';
import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { GoneError, NotFoundError } from '../shared/domain-error';
import { isOneOf } from '../shared/event';
import { likeStream, photoStream } from '../shared/streams';
import type { LikeEvent, Liked } from './events';
import { evolveLike, initialLikeState, type LikeState } from './like-state';

export interface LikePhoto {
  photoId: string;
  /** The authenticated user. Liking one's own photo is allowed, as on Instagram. */
  userId: string;
  now: Date;
}

/** The target photo (photo-<photoId>) and the relationship (like-<photoId>-<userId>). */
export interface LikePhotoState {
  photo: PhotoState;
  like: LikeState;
}

/**
 * A deleted photo is `photo_deleted` (gone, 410) rather than not_found: the client may hold it in
 * a cached feed, and "it was deleted" tells it to drop the photo.
 * The photo stream is read, not appended to: a photo deleted between the read and the append
 * leaves a like on a deleted photo, which every projection already ignores.
 */
export function likePhoto(command: LikePhoto, state: LikePhotoState): Decision<Liked> {
  const { photoId, userId } = command;
  if (state.photo.status === 'none') {
    throw new NotFoundError('photo_not_found', `There is no photo ${photoId}.`);
  }
  if (state.photo.status === 'deleted') {
    throw new GoneError('photo_deleted', `Photo ${photoId} was deleted.`);
  }
  if (state.like.liked) return unchanged();
  return emit<Liked>({
    type: 'Liked',
    data: {
      photoId,
      userId,
      photoOwnerId: state.photo.ownerId,
      likedAt: command.now.toISOString(),
    },
  });
}

export const likePhotoDecider: Decider<LikePhoto, LikePhotoState, PhotoEvent | LikeEvent> = {
  streams: (command) => [photoStream(command.photoId), likeStream(command.photoId, command.userId)],
  initialState: () => ({ photo: initialPhotoState(), like: initialLikeState() }),
  evolve: (state, event) =>
    isOneOf(event, PHOTO_EVENT_TYPES)
      ? { ...state, photo: evolvePhoto(state.photo, event) }
      : { ...state, like: evolveLike(state.like, event) },
  decide: likePhoto,
};

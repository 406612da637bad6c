import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { ForbiddenError, NotFoundError } from '../shared/domain-error';
import { photoStream } from '../shared/streams';
import type { PhotoDeleted, PhotoEvent } from './events';
import { evolvePhoto, initialPhotoState, type PhotoState } from './photo-state';

export interface DeletePhoto {
  photoId: string;
  /** The authenticated user: only the owner deletes. */
  userId: string;
  now: Date;
}

/** Ownership is checked before deletion state, so a stranger learns nothing from the answer. */
export function deletePhoto(command: DeletePhoto, state: PhotoState): Decision<PhotoDeleted> {
  const { photoId, userId } = command;
  if (state.status === 'none') {
    throw new NotFoundError('photo_not_found', `There is no photo ${photoId}.`);
  }
  if (state.ownerId !== userId) {
    throw new ForbiddenError('not_photo_owner', 'Only the owner can delete a photo.');
  }
  if (state.status === 'deleted') return unchanged();
  return emit<PhotoDeleted>({
    type: 'PhotoDeleted',
    data: { photoId, ownerId: state.ownerId, deletedAt: command.now.toISOString() },
  });
}

export const deletePhotoDecider: Decider<DeletePhoto, PhotoState, PhotoEvent> = {
  streams: (command) => [photoStream(command.photoId)],
  initialState: initialPhotoState,
  evolve: evolvePhoto,
  decide: deletePhoto,
};

import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { ConflictError } from '../shared/domain-error';
import { photoStream } from '../shared/streams';
import type { PhotoEvent, PhotoLocation, PhotoObjects, PhotoPosted } from './events';
import { evolvePhoto, initialPhotoState, type PhotoState } from './photo-state';
import { validCaption, validDimensions, validLocation, validObjects } from './photo-rules';

export interface PostPhoto {
  /** Allocated by the api, on the owner's shard. */
  photoId: string;
  /** The authenticated user. */
  ownerId: string;
  caption: string;
  location?: PhotoLocation;
  objects: PhotoObjects;
  width: number;
  height: number;
  now: Date;
}

export function postPhoto(command: PostPhoto, state: PhotoState): Decision<PhotoPosted> {
  const { photoId, ownerId, width, height } = command;
  const caption = validCaption(command.caption);
  const location = command.location === undefined ? undefined : validLocation(command.location);
  const objects = validObjects(command.objects);
  validDimensions(width, height);

  if (state.status !== 'none') {
    // The same owner's live photo under this id: this post already happened (a retry).
    if (state.status === 'posted' && state.ownerId === ownerId) return unchanged();
    throw new ConflictError('photo_id_taken', `Photo ${photoId} already exists.`);
  }
  return emit<PhotoPosted>({
    type: 'PhotoPosted',
    data: {
      photoId,
      ownerId,
      caption,
      ...(location && { location }),
      objects,
      width,
      height,
      postedAt: command.now.toISOString(),
    },
  });
}

export const postPhotoDecider: Decider<PostPhoto, PhotoState, PhotoEvent> = {
  streams: (command) => [photoStream(command.photoId)],
  initialState: initialPhotoState,
  evolve: evolvePhoto,
  decide: postPhoto,
};

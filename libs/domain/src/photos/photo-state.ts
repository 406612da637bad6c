import type { PhotoEvent } from './events';

/** Folded from photo-<photoId>: only what decisions about the photo need. */
export type PhotoState =
  | { status: 'none' }
  | { status: 'posted'; photoId: string; ownerId: string }
  | { status: 'deleted'; photoId: string; ownerId: string };

export const initialPhotoState = (): PhotoState => ({ status: 'none' });

export function evolvePhoto(_state: PhotoState, event: PhotoEvent): PhotoState {
  const { photoId, ownerId } = event.data;
  return { status: event.type === 'PhotoPosted' ? 'posted' : 'deleted', photoId, ownerId };
}

/** The stream's fold, for handlers that load it on its own. */
export const photoEvolver = { initialState: initialPhotoState, evolve: evolvePhoto };

import type { DomainEvent } from '../shared/event';

// Stream photo-<photoId>.

export interface PhotoLocation {
  lat: number;
  lng: number;
  placeName?: string;
}

/** S3 keys of the stored original and its resized renditions. */
export interface PhotoObjects {
  original: string;
  large: string;
  medium: string;
  small: string;
}

export type PhotoPosted = DomainEvent<
  'PhotoPosted',
  {
    photoId: string;
    ownerId: string;
    caption: string;
    location?: PhotoLocation;
    objects: PhotoObjects;
    /** Of the stored original, in pixels. */
    width: number;
    height: number;
    postedAt: string;
  }
>;

export type PhotoDeleted = DomainEvent<
  'PhotoDeleted',
  { photoId: string; ownerId: string; deletedAt: string }
>;

export type PhotoEvent = PhotoPosted | PhotoDeleted;

export const PHOTO_EVENT_TYPES = {
  PhotoPosted: true,
  PhotoDeleted: true,
} as const satisfies Record<PhotoEvent['type'], true>;

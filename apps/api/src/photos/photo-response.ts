import type { PhotoPosted } from '@photofeed/domain';
import type { PhotoUrlsFor } from './photo-media.providers';
import type { PhotoResponse } from './photos.dto';

/** A posted photo as clients see it: storage keys become CDN URLs. */
export function photoResponse(photo: PhotoPosted['data'], urlsFor: PhotoUrlsFor): PhotoResponse {
  return {
    id: photo.photoId,
    ownerId: photo.ownerId,
    caption: photo.caption,
    location: photo.location ?? null,
    width: photo.width,
    height: photo.height,
    urls: urlsFor(photo.objects),
    postedAt: photo.postedAt,
  };
}

import { Inject, Injectable } from '@nestjs/common';
import { parseId } from '@photofeed/ids';
import { PHOTO_URLS, type PhotoUrlsFor } from '../../photos/photo-media.providers';
import { READ_SIDE, type PhotoDocument, type ReadSide, type UserDocument } from '../read-side';
import type { PhotoView, UserProfileResponse, UserSummary } from './views.dto';

/**
 * Ids from a feed or a list become what clients see: documents from the cache (one multi-get per
 * kind, misses from their shards), in the order asked, with CDN URLs and owner summaries. An id
 * whose document is gone (a photo deleted since the list was read) is left out, not an error.
 */
@Injectable()
export class ViewHydrator {
  constructor(
    @Inject(READ_SIDE) private readonly reads: ReadSide,
    @Inject(PHOTO_URLS) private readonly urlsFor: PhotoUrlsFor,
  ) {}

  /**
   * `ownerIds`, when the caller knows them (a feed entry names its author), lets photos and owners
   * be fetched side by side instead of one after the other.
   */
  async photos(ids: readonly string[], ownerIds?: readonly string[]): Promise<PhotoView[]> {
    const [photos, owners] = ownerIds
      ? await Promise.all([
          this.reads.documents.getPhotos(ids.map(parseId)),
          this.reads.documents.getUsers([...new Set(ownerIds)].map(parseId)),
        ])
      : await this.reads.documents
          .getPhotos(ids.map(parseId))
          .then(
            async (found) =>
              [
                found,
                await this.reads.documents.getUsers(
                  [...new Set([...found.values()].map((p) => p.ownerId))].map(parseId),
                ),
              ] as const,
          );
    return ids.flatMap((id) => {
      const photo = photos.get(id);
      return photo ? [this.photoView(photo, owners.get(photo.ownerId))] : [];
    });
  }

  async users(ids: readonly string[]): Promise<UserSummary[]> {
    const users = await this.reads.documents.getUsers(ids.map(parseId));
    return ids.flatMap((id) => {
      const user = users.get(id);
      return user ? [summary(user)] : [];
    });
  }

  async profile(id: string): Promise<UserProfileResponse | undefined> {
    const user = (await this.reads.documents.getUsers([parseId(id)])).get(id);
    if (!user) return undefined;
    return {
      ...summary(user),
      bio: user.bio,
      photoCount: user.photoCount,
      followerCount: user.followerCount,
      followingCount: user.followingCount,
    };
  }

  private photoView(photo: PhotoDocument, owner: UserDocument | undefined): PhotoView {
    return {
      id: photo.id,
      ownerId: photo.ownerId,
      owner: owner ? summary(owner) : null,
      caption: photo.caption,
      location: photo.location,
      width: photo.width,
      height: photo.height,
      urls: this.urlsFor(photo.objects),
      postedAt: photo.postedAt,
      likeCount: photo.likeCount,
    };
  }
}

function summary(user: UserDocument): UserSummary {
  return { id: user.id, username: user.username, displayName: user.displayName };
}

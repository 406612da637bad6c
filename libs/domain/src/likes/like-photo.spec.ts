import { deciderSpec } from '../testing/decider-spec';
import { ANA, BEN, liked, NOW, PHOTO, photoDeleted, photoPosted } from '../testing/fixtures';
import { likePhotoDecider } from './like-photo';

const spec = deciderSpec(likePhotoDecider);
const likeIt = { photoId: PHOTO, userId: BEN, now: NOW };

describe('likePhoto', () => {
  it('likes a photo, recording its owner for the activity feed and push', () => {
    spec
      .given([photoPosted(PHOTO, ANA)])
      .when(likeIt)
      .then([liked(PHOTO, BEN, ANA)]);
  });

  it('reads the photo and writes only the like stream', () => {
    expect(likePhotoDecider.streams(likeIt)).toEqual([`photo-${PHOTO}`, `like-${PHOTO}-${BEN}`]);
  });

  it('changes nothing when already liked', () => {
    spec.given([photoPosted(), liked()]).when(likeIt).thenUnchanged();
  });

  it('likes again after an unlike', () => {
    spec
      .given([
        photoPosted(),
        liked(),
        { type: 'Unliked', data: { photoId: PHOTO, userId: BEN, photoOwnerId: ANA } },
      ])
      .when(likeIt)
      .then([liked()]);
  });

  it('lets owners like their own photo', () => {
    spec
      .given([photoPosted(PHOTO, ANA)])
      .when({ ...likeIt, userId: ANA })
      .then([liked(PHOTO, ANA, ANA)]);
  });

  it('refuses a photo that does not exist', () => {
    spec.given([]).when(likeIt).thenRefuses('photo_not_found');
  });

  it('refuses a deleted photo as gone', () => {
    spec.given([photoPosted(), photoDeleted()]).when(likeIt).thenRefuses('photo_deleted');
  });
});

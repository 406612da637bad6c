import { deciderSpec } from '../testing/decider-spec';
import { ANA, BEN, NOW, PHOTO, photoDeleted, photoPosted } from '../testing/fixtures';
import { deletePhotoDecider } from './delete-photo';
import { evolvePhoto, initialPhotoState } from './photo-state';

const spec = deciderSpec(deletePhotoDecider);

describe('deletePhoto', () => {
  it('lets the owner delete the photo', () => {
    spec
      .given([photoPosted()])
      .when({ photoId: PHOTO, userId: ANA, now: NOW })
      .then([photoDeleted()]);
  });

  it('refuses anyone else', () => {
    spec
      .given([photoPosted()])
      .when({ photoId: PHOTO, userId: BEN, now: NOW })
      .thenRefuses('not_photo_owner');
  });

  it('changes nothing when the photo is already deleted', () => {
    spec
      .given([photoPosted(), photoDeleted()])
      .when({ photoId: PHOTO, userId: ANA, now: NOW })
      .thenUnchanged();
  });

  it('refuses a photo that does not exist', () => {
    spec.given([]).when({ photoId: PHOTO, userId: ANA, now: NOW }).thenRefuses('photo_not_found');
  });
});

describe('evolvePhoto', () => {
  it('goes from none to posted to deleted, keeping the owner', () => {
    const posted = evolvePhoto(initialPhotoState(), photoPosted());
    expect(posted).toEqual({ status: 'posted', photoId: PHOTO, ownerId: ANA });
    expect(evolvePhoto(posted, photoDeleted())).toEqual({
      status: 'deleted',
      photoId: PHOTO,
      ownerId: ANA,
    });
  });
});

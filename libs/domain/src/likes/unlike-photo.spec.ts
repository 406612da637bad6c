import { deciderSpec } from '../testing/decider-spec';
import { ANA, BEN, liked, PHOTO } from '../testing/fixtures';
import { unlikePhotoDecider } from './unlike-photo';

const spec = deciderSpec(unlikePhotoDecider);
const unlikeIt = { photoId: PHOTO, userId: BEN };
const unliked = {
  type: 'Unliked',
  data: { photoId: PHOTO, userId: BEN, photoOwnerId: ANA },
} as const;

describe('unlikePhoto', () => {
  it('unlikes, carrying the owner recorded at the like', () => {
    spec
      .given([liked(PHOTO, BEN, ANA)])
      .when(unlikeIt)
      .then([unliked]);
  });

  it('changes nothing when not liked', () => {
    spec.given([]).when(unlikeIt).thenUnchanged();
  });

  it('changes nothing when already unliked', () => {
    spec.given([liked(), unliked]).when(unlikeIt).thenUnchanged();
  });
});

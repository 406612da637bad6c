import { deciderSpec } from '../testing/decider-spec';
import { ANA, BEN, NOW, OBJECTS, PHOTO, photoDeleted, photoPosted } from '../testing/fixtures';
import type { PhotoLocation } from './events';
import { postPhotoDecider, type PostPhoto } from './post-photo';

const spec = deciderSpec(postPhotoDecider);

const post = (overrides: Partial<PostPhoto> = {}): PostPhoto => ({
  photoId: PHOTO,
  ownerId: ANA,
  caption: 'sunset',
  objects: OBJECTS,
  width: 2048,
  height: 1536,
  now: NOW,
  ...overrides,
});

describe('postPhoto', () => {
  it('posts a photo without a location', () => {
    spec.given([]).when(post()).then([photoPosted()]);
  });

  it('posts a photo with a location, its place name trimmed', () => {
    const location = { lat: -22.95, lng: -43.21, placeName: ' Cristo Redentor ' };
    spec
      .given([])
      .when(post({ location }))
      .then([
        {
          type: 'PhotoPosted',
          data: { ...photoPosted().data, location: { ...location, placeName: 'Cristo Redentor' } },
        },
      ]);
  });

  it('accepts a caption of 2200 characters and the extreme coordinates', () => {
    const caption = '🌅'.repeat(2200);
    const location = { lat: 90, lng: -180 };
    spec
      .given([])
      .when(post({ caption, location }))
      .then([{ type: 'PhotoPosted', data: { ...photoPosted().data, caption, location } }]);
  });

  it('refuses a caption longer than 2200 characters', () => {
    spec
      .given([])
      .when(post({ caption: 'x'.repeat(2201) }))
      .thenRefuses('invalid_caption');
  });

  it.each<[string, PhotoLocation]>([
    ['a latitude above 90', { lat: 90.0001, lng: 0 }],
    ['a latitude below -90', { lat: -91, lng: 0 }],
    ['a longitude above 180', { lat: 0, lng: 180.5 }],
    ['a longitude below -180', { lat: 0, lng: -181 }],
    ['a NaN latitude', { lat: Number.NaN, lng: 0 }],
    ['an infinite longitude', { lat: 0, lng: Number.POSITIVE_INFINITY }],
    ['a string coordinate', { lat: '12' as unknown as number, lng: 0 }],
    ['a place name of 101 characters', { lat: 0, lng: 0, placeName: 'x'.repeat(101) }],
  ])('refuses %s', (_, location) => {
    spec.given([]).when(post({ location })).thenRefuses('invalid_location');
  });

  it('refuses missing storage keys', () => {
    spec
      .given([])
      .when(post({ objects: { ...OBJECTS, small: '' } }))
      .thenRefuses('invalid_photo_objects');
  });

  it('refuses dimensions that are not positive whole numbers', () => {
    spec
      .given([])
      .when(post({ width: 0 }))
      .thenRefuses('invalid_photo_dimensions');
    spec
      .given([])
      .when(post({ height: 10.5 }))
      .thenRefuses('invalid_photo_dimensions');
  });

  it('changes nothing when the same owner already posted it (a retry)', () => {
    spec.given([photoPosted()]).when(post()).thenUnchanged();
  });

  it("refuses a photo id already used by someone else's or a deleted photo", () => {
    spec
      .given([photoPosted(PHOTO, BEN)])
      .when(post())
      .thenRefuses('photo_id_taken');
    spec.given([photoPosted(), photoDeleted()]).when(post()).thenRefuses('photo_id_taken');
  });
});

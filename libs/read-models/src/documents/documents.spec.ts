import { documentKey, photoDocument, userDocument } from './documents';

describe('documents', () => {
  it('keys users and photos apart under the prefix', () => {
    expect(documentKey('rm:v1:', 'user', '42')).toBe('rm:v1:u:42');
    expect(documentKey('rm:v1:', 'photo', '42')).toBe('rm:v1:p:42');
  });

  it('maps a users row to the document the api expects', () => {
    expect(
      userDocument({
        id: '7',
        username: 'Ana',
        display_name: 'Ana L',
        bio: '',
        photo_count: 1,
        follower_count: 2,
        following_count: 3,
      }),
    ).toEqual({
      id: '7',
      username: 'Ana',
      displayName: 'Ana L',
      bio: '',
      photoCount: 1,
      followerCount: 2,
      followingCount: 3,
    });
  });

  it('maps a photos row: ISO time, location null without coordinates, placeName only if set', () => {
    const row = {
      id: '9',
      owner_id: '7',
      caption: 'c',
      lat: null,
      lng: null,
      place_name: null,
      objects: { original: 'o', large: 'l', medium: 'm', small: 's', extra: 'x' } as never,
      width: 10,
      height: 20,
      posted_at: new Date('2026-03-01T12:00:00.000Z'),
      like_count: 5,
    };
    expect(photoDocument(row)).toEqual({
      id: '9',
      ownerId: '7',
      caption: 'c',
      location: null,
      objects: { original: 'o', large: 'l', medium: 'm', small: 's' },
      width: 10,
      height: 20,
      postedAt: '2026-03-01T12:00:00.000Z',
      likeCount: 5,
    });
    expect(photoDocument({ ...row, lat: 1.5, lng: -2 }).location).toEqual({ lat: 1.5, lng: -2 });
    expect(photoDocument({ ...row, lat: 0, lng: 0, place_name: 'Null Island' }).location).toEqual({
      lat: 0,
      lng: 0,
      placeName: 'Null Island',
    });
  });
});

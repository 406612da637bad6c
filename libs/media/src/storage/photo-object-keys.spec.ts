import { photoObjectKeys } from './photo-object-keys';

describe('photoObjectKeys', () => {
  it('derives the four keys from the photo id alone', () => {
    expect(photoObjectKeys('1234567890123456789')).toEqual({
      original: 'photos/1234567890123456789/original.jpg',
      large: 'photos/1234567890123456789/large.jpg',
      medium: 'photos/1234567890123456789/medium.jpg',
      small: 'photos/1234567890123456789/small.jpg',
    });
    expect(photoObjectKeys('42')).toEqual(photoObjectKeys('42'));
  });

  it.each(['', '0', '007', '-1', '1.5', '../etc', '12/34', ' 12', '12345678901234567890'])(
    'refuses %j, which is not a canonical photo id',
    (id) => {
      expect(() => photoObjectKeys(id)).toThrow(RangeError);
    },
  );
});

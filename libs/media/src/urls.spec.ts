import { photoObjectKeys } from './storage/photo-object-keys';
import { photoUrlBuilder, photoUrls } from './urls';

const keys = photoObjectKeys('123');

describe('photoUrls', () => {
  it.each([
    'https://cdn.example.com',
    'https://cdn.example.com/',
    'https://cdn.example.com//',
    'https://CDN.example.com',
  ])('joins %s and a key with exactly one slash', (base) => {
    expect(photoUrls(keys, base)).toEqual({
      original: 'https://cdn.example.com/photos/123/original.jpg',
      large: 'https://cdn.example.com/photos/123/large.jpg',
      medium: 'https://cdn.example.com/photos/123/medium.jpg',
      small: 'https://cdn.example.com/photos/123/small.jpg',
    });
  });

  it('keeps a path prefix (a path-style bucket, a CDN folder)', () => {
    expect(photoUrls(keys, 'http://127.0.0.1:54569/photos/').small).toBe(
      'http://127.0.0.1:54569/photos/photos/123/small.jpg',
    );
  });

  it('never doubles a slash, even for a key with a leading one', () => {
    const url = photoUrlBuilder('https://cdn.example.com/media/')({ ...keys, small: '/a/b c.jpg' });
    expect(url.small).toBe('https://cdn.example.com/media/a/b%20c.jpg');
  });

  it.each([
    ['a relative path', '/photos'],
    ['not a URL', 'cdn.example.com'],
    ['another scheme', 'ftp://cdn.example.com'],
    ['a query', 'https://cdn.example.com/?sig=1'],
    ['a fragment', 'https://cdn.example.com/#x'],
    ['credentials', 'https://user:pw@cdn.example.com'],
  ])('refuses a base URL with %s when the builder is made', (_what, base) => {
    expect(() => photoUrlBuilder(base)).toThrow(TypeError);
  });
});

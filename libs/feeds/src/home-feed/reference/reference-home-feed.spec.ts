import { ReferenceHomeFeed } from './reference-home-feed';

const post = (photoId: string, ownerId: string) =>
  ({ type: 'PhotoPosted', data: { photoId, ownerId } }) as const;
const del = (photoId: string, ownerId: string) =>
  ({ type: 'PhotoDeleted', data: { photoId, ownerId } }) as const;
const follow = (followerId: string, followeeId: string) =>
  ({ type: 'Followed', data: { followerId, followeeId } }) as const;
const unfollow = (followerId: string, followeeId: string) =>
  ({ type: 'Unfollowed', data: { followerId, followeeId } }) as const;
const ids = (entries: { photoId: string }[]) => entries.map((e) => e.photoId);

describe('ReferenceHomeFeed (the definition, in plain code)', () => {
  it("holds the user's own photos and those of the people followed now, newest first", () => {
    const ref = new ReferenceHomeFeed({ capacity: 10, perAuthor: 10 });
    [post('1', 'a'), post('2', 'b'), post('3', 'c'), follow('a', 'b'), post('4', 'b')].forEach(
      (e) => ref.apply(e),
    );
    expect(ref.feed('a')).toEqual([
      { photoId: '4', authorId: 'b' },
      { photoId: '2', authorId: 'b' },
      { photoId: '1', authorId: 'a' },
    ]);
    ref.apply(unfollow('a', 'b'));
    expect(ids(ref.feed('a'))).toEqual(['1']);
    expect(ids(ref.feed('c'))).toEqual(['3']);
  });

  it('drops deleted photos, and a deleted recent photo lets an older one back in', () => {
    const ref = new ReferenceHomeFeed({ capacity: 10, perAuthor: 2 });
    [follow('u', 'a'), post('1', 'a'), post('2', 'a'), post('3', 'a')].forEach((e) => ref.apply(e));
    expect(ids(ref.feed('u'))).toEqual(['3', '2']);
    ref.apply(del('3', 'a'));
    expect(ids(ref.feed('u'))).toEqual(['2', '1']);
  });

  it('caps the feed at capacity and each author at perAuthor, by exact 64-bit id', () => {
    const ref = new ReferenceHomeFeed({ capacity: 3, perAuthor: 2 });
    const big = 2n ** 60n;
    const id = (n: bigint) => (big + n).toString();
    [
      follow('u', 'a'),
      follow('u', 'b'),
      post(id(1n), 'a'),
      post(id(2n), 'a'),
      post(id(3n), 'a'),
      post(id(4n), 'b'),
      post('99', 'b'),
    ].forEach((e) => ref.apply(e));
    expect(ids(ref.feed('u'))).toEqual([id(4n), id(3n), id(2n)]);
    // Follows of others and likes do not matter.
    ref.apply(follow('x', 'u')).apply({ type: 'Liked', data: {} });
    expect(ids(ref.feed('u'))).toEqual([id(4n), id(3n), id(2n)]);
  });
});

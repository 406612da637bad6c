import {
  credentialsStream,
  followStream,
  isPrivateStream,
  likeStream,
  parseStreamId,
  photoStream,
  PRIVATE_STREAM_CATEGORIES,
  sessionStream,
  streamCategory,
  userStream,
  usernameStream,
} from './streams';

describe('stream names', () => {
  it('builds each stream name', () => {
    expect(userStream('1')).toBe('user-1');
    expect(usernameStream('Ana.Lima')).toBe('username-ana.lima');
    expect(credentialsStream('1')).toBe('credentials-1');
    expect(sessionStream('2')).toBe('session-2');
    expect(photoStream('3')).toBe('photo-3');
    expect(likeStream('3', '1')).toBe('like-3-1');
    expect(followStream('1', '4')).toBe('follow-1-4');
  });

  it('parses what it builds', () => {
    const id = '7205759403792793600';
    expect(parseStreamId(userStream(id))).toEqual({ category: 'user', userId: id });
    expect(parseStreamId(usernameStream('Ana_1'))).toEqual({
      category: 'username',
      username: 'ana_1',
    });
    expect(parseStreamId(credentialsStream(id))).toEqual({ category: 'credentials', userId: id });
    expect(parseStreamId(sessionStream(id))).toEqual({ category: 'session', sessionId: id });
    expect(parseStreamId(photoStream(id))).toEqual({ category: 'photo', photoId: id });
    expect(parseStreamId(likeStream(id, '5'))).toEqual({
      category: 'like',
      photoId: id,
      userId: '5',
    });
    expect(parseStreamId(followStream('5', id))).toEqual({
      category: 'follow',
      followerId: '5',
      followeeId: id,
    });
  });

  it.each([
    'user',
    'user-',
    'user-abc',
    'user-1-2',
    'like-1',
    'like-1-2-3',
    'follow-1-x',
    'username-Ana',
    'order-1',
    'photo-12345678901234567890',
  ])('rejects %s', (streamId) => {
    expect(parseStreamId(streamId)).toBeUndefined();
  });

  it('marks credentials and sessions private, nothing else', () => {
    expect(PRIVATE_STREAM_CATEGORIES).toEqual(['credentials', 'session']);
    expect(isPrivateStream(credentialsStream('1'))).toBe(true);
    expect(isPrivateStream(sessionStream('1'))).toBe(true);
    for (const streamId of [
      userStream('1'),
      usernameStream('ana'),
      photoStream('1'),
      likeStream('1', '2'),
    ]) {
      expect(isPrivateStream(streamId)).toBe(false);
    }
    expect(streamCategory('follow-1-2')).toBe('follow');
  });
});

import * as domain from '@photofeed/domain';

describe('@photofeed/domain', () => {
  it('exposes a decider for every use case, and the stream and event vocabulary', () => {
    const deciders = Object.keys(domain).filter((name) => name.endsWith('Decider'));
    expect(deciders.sort()).toEqual([
      'deletePhotoDecider',
      'followUserDecider',
      'likePhotoDecider',
      'postPhotoDecider',
      'refreshSessionDecider',
      'registerDeviceDecider',
      'registerUserDecider',
      'revokeSessionDecider',
      'setPasswordDecider',
      'startSessionDecider',
      'unfollowUserDecider',
      'unlikePhotoDecider',
      'unregisterDeviceDecider',
      'updateProfileDecider',
    ]);
    expect(domain.EVENT_TYPES).toHaveLength(16);
    expect(domain.PRIVATE_STREAM_CATEGORIES).toEqual(['credentials', 'session']);
  });
});

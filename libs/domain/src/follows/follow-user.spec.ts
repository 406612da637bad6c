import { deciderSpec } from '../testing/decider-spec';
import { ANA, BEN, followed, NOW, userRegistered } from '../testing/fixtures';
import { followUserDecider } from './follow-user';

const spec = deciderSpec(followUserDecider);
const followAna = { followerId: BEN, followeeId: ANA, now: NOW };

describe('followUser', () => {
  it('follows a registered user', () => {
    spec
      .given([userRegistered(ANA)])
      .when(followAna)
      .then([followed(BEN, ANA)]);
  });

  it('reads the followee and writes only the follow stream', () => {
    expect(followUserDecider.streams(followAna)).toEqual([`user-${ANA}`, `follow-${BEN}-${ANA}`]);
  });

  it('changes nothing when already following', () => {
    spec
      .given([userRegistered(ANA), followed()])
      .when(followAna)
      .thenUnchanged();
  });

  it('follows again after an unfollow', () => {
    spec
      .given([
        userRegistered(ANA),
        followed(),
        { type: 'Unfollowed', data: { followerId: BEN, followeeId: ANA } },
      ])
      .when(followAna)
      .then([followed()]);
  });

  it('refuses a user that does not exist', () => {
    spec.given([]).when(followAna).thenRefuses('user_not_found');
  });

  it('refuses following oneself', () => {
    spec
      .given([userRegistered(ANA)])
      .when({ followerId: ANA, followeeId: ANA, now: NOW })
      .thenRefuses('cannot_follow_self');
  });
});

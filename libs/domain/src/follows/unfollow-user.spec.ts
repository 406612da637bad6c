import { deciderSpec } from '../testing/decider-spec';
import { ANA, BEN, followed } from '../testing/fixtures';
import { unfollowUserDecider } from './unfollow-user';

const spec = deciderSpec(unfollowUserDecider);
const unfollowed = { type: 'Unfollowed', data: { followerId: BEN, followeeId: ANA } } as const;

describe('unfollowUser', () => {
  it('unfollows a followed user', () => {
    spec.given([followed()]).when({ followerId: BEN, followeeId: ANA }).then([unfollowed]);
  });

  it('changes nothing when not following', () => {
    spec.given([]).when({ followerId: BEN, followeeId: ANA }).thenUnchanged();
    spec.given([followed(), unfollowed]).when({ followerId: BEN, followeeId: ANA }).thenUnchanged();
  });

  it('refuses unfollowing oneself', () => {
    spec.given([]).when({ followerId: ANA, followeeId: ANA }).thenRefuses('cannot_follow_self');
  });
});

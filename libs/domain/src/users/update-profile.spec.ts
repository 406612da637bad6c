import { deciderSpec } from '../testing/decider-spec';
import { ANA, userRegistered } from '../testing/fixtures';
import { updateProfileDecider } from './update-profile';

const spec = deciderSpec(updateProfileDecider);
const registered = [userRegistered()]; // displayName 'Ana', bio ''

describe('updateProfile', () => {
  it('records the new display name, trimmed', () => {
    spec
      .given(registered)
      .when({ userId: ANA, displayName: '  Ana Lima  ' })
      .then([{ type: 'ProfileUpdated', data: { userId: ANA, displayName: 'Ana Lima' } }]);
  });

  it('records only the fields that change', () => {
    spec
      .given(registered)
      .when({ userId: ANA, displayName: 'Ana', bio: 'street photos' })
      .then([{ type: 'ProfileUpdated', data: { userId: ANA, bio: 'street photos' } }]);
  });

  it('clears the bio with an empty one', () => {
    spec
      .given([...registered, { type: 'ProfileUpdated', data: { userId: ANA, bio: 'old' } }])
      .when({ userId: ANA, bio: '' })
      .then([{ type: 'ProfileUpdated', data: { userId: ANA, bio: '' } }]);
  });

  it('changes nothing when every field already has that value', () => {
    spec.given(registered).when({ userId: ANA, displayName: ' Ana ', bio: '' }).thenUnchanged();
  });

  it('refuses an update with no field', () => {
    spec.given(registered).when({ userId: ANA }).thenRefuses('empty_profile_update');
  });

  it('refuses an empty or too long display name', () => {
    spec
      .given(registered)
      .when({ userId: ANA, displayName: ' ' })
      .thenRefuses('invalid_display_name');
    spec
      .given(registered)
      .when({ userId: ANA, displayName: 'x'.repeat(65) })
      .thenRefuses('invalid_display_name');
  });

  it('accepts a bio of 150 characters and refuses 151', () => {
    spec
      .given(registered)
      .when({ userId: ANA, bio: 'x'.repeat(150) })
      .then([{ type: 'ProfileUpdated', data: { userId: ANA, bio: 'x'.repeat(150) } }]);
    spec
      .given(registered)
      .when({ userId: ANA, bio: 'x'.repeat(151) })
      .thenRefuses('invalid_bio');
  });

  it('refuses to update a user that does not exist', () => {
    spec.given([]).when({ userId: ANA, bio: 'hi' }).thenRefuses('user_not_found');
  });
});

import { deciderSpec } from '../testing/decider-spec';
import { ANA } from '../testing/fixtures';
import type { PasswordSet } from './events';
import { setPasswordDecider } from './set-password';

const spec = deciderSpec(setPasswordDecider);
const passwordSet = (passwordHash: string): PasswordSet => ({
  type: 'PasswordSet',
  data: { userId: ANA, passwordHash },
});

describe('setPassword', () => {
  it('records the new hash', () => {
    spec
      .given([passwordSet('old')])
      .when({ userId: ANA, passwordHash: 'new' })
      .then([passwordSet('new')]);
  });

  it('changes nothing when the hash is the current one (a retry)', () => {
    spec
      .given([passwordSet('old'), passwordSet('new')])
      .when({ userId: ANA, passwordHash: 'new' })
      .thenUnchanged();
  });

  it('refuses a user without credentials', () => {
    spec.given([]).when({ userId: ANA, passwordHash: 'new' }).thenRefuses('user_not_found');
  });

  it('refuses an empty hash', () => {
    spec
      .given([passwordSet('old')])
      .when({ userId: ANA, passwordHash: '' })
      .thenRefuses('invalid_password_hash');
  });
});

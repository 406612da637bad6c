import { deciderSpec } from '../testing/decider-spec';
import { ANA, BEN, NOW, NOW_ISO, usernameClaimed } from '../testing/fixtures';
import { InvalidCommandError } from '../shared/domain-error';
import { registerUser, registerUserDecider, type RegisterUser } from './register-user';
import { initialUsernameState } from './username-state';

const spec = deciderSpec(registerUserDecider);

const register = (overrides: Partial<RegisterUser> = {}): RegisterUser => ({
  userId: ANA,
  username: 'Ana.Lima',
  displayName: '  Ana Lima ',
  passwordHash: '$argon2id$v=19$hash',
  now: NOW,
  ...overrides,
});

describe('registerUser', () => {
  it('registers the user, claims the name and sets the password, in three streams', () => {
    spec
      .given([])
      .when(register())
      .then([
        {
          type: 'UserRegistered',
          data: {
            userId: ANA,
            username: 'Ana.Lima',
            displayName: 'Ana Lima',
            registeredAt: NOW_ISO,
          },
        },
        { type: 'UsernameClaimed', data: { username: 'Ana.Lima', userId: ANA } },
        { type: 'PasswordSet', data: { userId: ANA, passwordHash: '$argon2id$v=19$hash' } },
      ]);
  });

  it('reads and writes user-, username- (lowercased) and credentials- streams', () => {
    expect(registerUserDecider.streams(register())).toEqual([
      `user-${ANA}`,
      'username-ana.lima',
      `credentials-${ANA}`,
    ]);
  });

  it('refuses a username claimed by someone else, whatever its case', () => {
    spec
      .given([usernameClaimed('ana.lima', BEN)])
      .when(register({ username: 'ANA.LIMA' }))
      .thenRefuses('username_taken');
  });

  it('changes nothing when the name is already claimed by this user (a retry)', () => {
    spec
      .given([usernameClaimed('Ana.Lima', ANA)])
      .when(register())
      .thenUnchanged();
  });

  it.each([
    ['too short', 'an'],
    ['too long', 'a'.repeat(31)],
    ['a dash', 'ana-lima'],
    ['a space', 'ana lima'],
    ['an accent', 'anã'],
    ['empty', ''],
  ])('refuses a username with %s', (_, username) => {
    spec.given([]).when(register({ username })).thenRefuses('invalid_username');
  });

  it.each(['a_1', 'Ana.Lima', `${'x'.repeat(28)}._`])(
    'accepts the username %s, as typed',
    (username) => {
      const decision = registerUser(register({ username }), { username: initialUsernameState() });
      expect(decision.events[0]).toMatchObject({ data: { username } });
    },
  );

  it('counts a display name in characters, not UTF-16 units', () => {
    const displayName = '📷'.repeat(64);
    const decision = registerUser(register({ displayName }), { username: initialUsernameState() });
    expect(decision.events[0]).toMatchObject({ data: { displayName } });
  });

  it.each([
    ['empty', '   '],
    ['longer than 64 characters', 'x'.repeat(65)],
  ])('refuses a display name that is %s', (_, displayName) => {
    spec.given([]).when(register({ displayName })).thenRefuses('invalid_display_name');
  });

  it('refuses a missing password hash as invalid', () => {
    spec
      .given([])
      .when(register({ passwordHash: '' }))
      .thenThrows(InvalidCommandError);
    spec
      .given([])
      .when(register({ passwordHash: '' }))
      .thenRefuses('invalid_password_hash');
  });
});

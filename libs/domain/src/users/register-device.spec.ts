import { deciderSpec } from '../testing/decider-spec';
import { ANA, deviceRegistered, OTHER_TOKEN, TOKEN, userRegistered } from '../testing/fixtures';
import { registerDeviceDecider, type RegisterDevice } from './register-device';

const spec = deciderSpec(registerDeviceDecider);
const registered = [userRegistered()];

const registerDevice = (overrides: Partial<RegisterDevice> = {}): RegisterDevice => ({
  userId: ANA,
  deviceId: '10',
  token: TOKEN,
  environment: 'production',
  ...overrides,
});

describe('registerDevice', () => {
  it('registers a device with its token lowercased', () => {
    spec
      .given(registered)
      .when(registerDevice({ token: 'ABCDEF0123456789'.repeat(4), environment: 'sandbox' }))
      .then([
        {
          type: 'DeviceRegistered',
          data: {
            userId: ANA,
            deviceId: '10',
            token: 'abcdef0123456789'.repeat(4),
            environment: 'sandbox',
          },
        },
      ]);
  });

  it('changes nothing when the token is already registered, in any case of hex', () => {
    spec
      .given([...registered, deviceRegistered('1', TOKEN)])
      .when(registerDevice({ deviceId: '11', token: TOKEN.toUpperCase() }))
      .thenUnchanged();
  });

  it('replaces the registration when the same token comes for the other environment', () => {
    spec
      .given([...registered, deviceRegistered('1', TOKEN, 'sandbox')])
      .when(registerDevice({ deviceId: '11' }))
      .then([
        { type: 'DeviceUnregistered', data: { userId: ANA, deviceId: '1' } },
        {
          type: 'DeviceRegistered',
          data: { userId: ANA, deviceId: '11', token: TOKEN, environment: 'production' },
        },
      ]);
  });

  it('refuses a device id already used for another token', () => {
    spec
      .given([...registered, deviceRegistered('10', OTHER_TOKEN)])
      .when(registerDevice())
      .thenRefuses('device_id_taken');
  });

  it.each([
    ['63 hex characters', 'a'.repeat(63)],
    ['65 hex characters', 'a'.repeat(65)],
    ['a non-hex character', `${'a'.repeat(63)}g`],
    ['angle brackets and spaces', `<${'a'.repeat(8)} ${'a'.repeat(56)}>`],
  ])('refuses a token of %s', (_, token) => {
    spec.given(registered).when(registerDevice({ token })).thenRefuses('invalid_device_token');
  });

  it('refuses an environment other than production or sandbox', () => {
    spec
      .given(registered)
      .when(registerDevice({ environment: 'development' }))
      .thenRefuses('invalid_device_environment');
  });

  it('refuses a device for a user that does not exist', () => {
    spec.given([]).when(registerDevice()).thenRefuses('user_not_found');
  });
});

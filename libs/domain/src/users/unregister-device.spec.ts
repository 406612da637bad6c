import { deciderSpec } from '../testing/decider-spec';
import { ANA, deviceRegistered, userRegistered } from '../testing/fixtures';
import { unregisterDeviceDecider } from './unregister-device';

const spec = deciderSpec(unregisterDeviceDecider);

describe('unregisterDevice', () => {
  it('unregisters a registered device', () => {
    spec
      .given([userRegistered(), deviceRegistered('1')])
      .when({ userId: ANA, deviceId: '1' })
      .then([{ type: 'DeviceUnregistered', data: { userId: ANA, deviceId: '1' } }]);
  });

  it('refuses a device that was never registered', () => {
    spec
      .given([userRegistered(), deviceRegistered('1')])
      .when({ userId: ANA, deviceId: '2' })
      .thenRefuses('device_not_found');
  });

  it('refuses a device already unregistered or invalidated', () => {
    spec
      .given([
        userRegistered(),
        deviceRegistered('1'),
        { type: 'DeviceUnregistered', data: { userId: ANA, deviceId: '1' } },
      ])
      .when({ userId: ANA, deviceId: '1' })
      .thenRefuses('device_not_found');
    spec
      .given([
        userRegistered(),
        deviceRegistered('1'),
        {
          type: 'DeviceTokenInvalidated',
          data: { userId: ANA, deviceId: '1', reason: 'Unregistered' },
        },
      ])
      .when({ userId: ANA, deviceId: '1' })
      .thenRefuses('device_not_found');
  });

  it('refuses a user that does not exist', () => {
    spec.given([]).when({ userId: ANA, deviceId: '1' }).thenRefuses('user_not_found');
  });
});

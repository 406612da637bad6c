import { ANA, deviceRegistered, OTHER_TOKEN, TOKEN, userRegistered } from '../testing/fixtures';
import type { UserEvent } from './events';
import { deviceWithToken, evolveUser, initialUserState, type UserState } from './user-state';

const fold = (events: UserEvent[]): UserState => events.reduce(evolveUser, initialUserState());

describe('evolveUser', () => {
  it('starts unregistered', () => {
    expect(fold([])).toEqual({ status: 'unregistered' });
  });

  it('registers with an empty bio and no devices', () => {
    expect(fold([userRegistered()])).toEqual({
      status: 'registered',
      userId: ANA,
      username: 'Ana.Lima',
      displayName: 'Ana',
      bio: '',
      devices: {},
    });
  });

  it('applies only the profile fields an update carries', () => {
    const state = fold([
      userRegistered(),
      { type: 'ProfileUpdated', data: { userId: ANA, bio: 'photos' } },
      { type: 'ProfileUpdated', data: { userId: ANA, displayName: 'Ana L.' } },
    ]);
    expect(state).toMatchObject({ displayName: 'Ana L.', bio: 'photos' });
  });

  it('keeps a device registered, then forgets it when unregistered', () => {
    const registered = fold([
      userRegistered(),
      deviceRegistered('1'),
      deviceRegistered('2', OTHER_TOKEN),
    ]);
    expect(registered).toMatchObject({
      devices: {
        '1': { deviceId: '1', token: TOKEN, environment: 'production' },
        '2': { deviceId: '2', token: OTHER_TOKEN, environment: 'production' },
      },
    });
    const state = fold([
      userRegistered(),
      deviceRegistered('1'),
      deviceRegistered('2', OTHER_TOKEN),
      { type: 'DeviceUnregistered', data: { userId: ANA, deviceId: '1' } },
    ]);
    expect(state).toMatchObject({ devices: { '2': { token: OTHER_TOKEN } } });
    expect(state.status === 'registered' && Object.keys(state.devices)).toEqual(['2']);
  });

  it('forgets a device whose token APNs invalidated', () => {
    const state = fold([
      userRegistered(),
      deviceRegistered('1'),
      {
        type: 'DeviceTokenInvalidated',
        data: { userId: ANA, deviceId: '1', reason: 'Unregistered' },
      },
    ]);
    expect(state).toMatchObject({ devices: {} });
    expect(deviceWithToken(state, TOKEN)).toBeUndefined();
  });

  it('finds a device by its token', () => {
    const state = fold([userRegistered(), deviceRegistered('1')]);
    expect(deviceWithToken(state, TOKEN)).toEqual({
      deviceId: '1',
      token: TOKEN,
      environment: 'production',
    });
    expect(deviceWithToken(state, OTHER_TOKEN)).toBeUndefined();
  });

  it('does not mutate the previous state', () => {
    const before = fold([userRegistered(), deviceRegistered('1')]);
    const snapshot = structuredClone(before);
    evolveUser(before, { type: 'DeviceUnregistered', data: { userId: ANA, deviceId: '1' } });
    evolveUser(before, { type: 'ProfileUpdated', data: { userId: ANA, bio: 'x' } });
    expect(before).toEqual(snapshot);
  });
});

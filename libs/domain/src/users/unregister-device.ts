import { type Decider, type Decision, emit } from '../shared/decider';
import { NotFoundError } from '../shared/domain-error';
import { userStream } from '../shared/streams';
import type { DeviceUnregistered, UserEvent } from './events';
import { evolveUser, initialUserState, type UserState } from './user-state';

export interface UnregisterDevice {
  userId: string;
  deviceId: string;
}

/**
 * A device that is not registered (never was, or already unregistered or invalidated) is
 * `device_not_found`: the state keeps no memory of removed devices, and a 404 on a repeated DELETE
 * is what REST clients expect.
 */
export function unregisterDevice(
  command: UnregisterDevice,
  state: UserState,
): Decision<DeviceUnregistered> {
  const { userId, deviceId } = command;
  if (state.status !== 'registered') {
    throw new NotFoundError('user_not_found', `There is no user ${userId}.`);
  }
  if (state.devices[deviceId] === undefined) {
    throw new NotFoundError('device_not_found', `User ${userId} has no device ${deviceId}.`);
  }
  return emit<DeviceUnregistered>({ type: 'DeviceUnregistered', data: { userId, deviceId } });
}

export const unregisterDeviceDecider: Decider<UnregisterDevice, UserState, UserEvent> = {
  streams: (command) => [userStream(command.userId)],
  initialState: initialUserState,
  evolve: evolveUser,
  decide: unregisterDevice,
};

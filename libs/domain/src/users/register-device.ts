import { type Decider, type Decision, emit, unchanged } from '../shared/decider';
import { ConflictError, InvalidCommandError, NotFoundError } from '../shared/domain-error';
import { userStream } from '../shared/streams';
import type { DeviceEnvironment, DeviceRegistered, DeviceUnregistered, UserEvent } from './events';
import { deviceWithToken, evolveUser, initialUserState, type UserState } from './user-state';

export interface RegisterDevice {
  userId: string;
  /** Allocated by the api. When the token is already registered, the existing device is kept. */
  deviceId: string;
  token: string;
  environment: string;
}

const APNS_TOKEN = /^[0-9a-f]{64}$/i;
const ENVIRONMENTS: readonly string[] = ['production', 'sandbox'] satisfies DeviceEnvironment[];

/** APNs tokens are 32 bytes in hex. Lowercased so the same token is always the same string. */
export function normaliseDeviceToken(token: string): string {
  if (!APNS_TOKEN.test(token)) {
    throw new InvalidCommandError(
      'invalid_device_token',
      'A device token is an APNs token: 64 hexadecimal characters.',
    );
  }
  return token.toLowerCase();
}

/**
 * Registering a token that is already registered (same environment) changes nothing: apps
 * re-register on every launch. The api answers with `deviceWithToken(state, token)`.
 * The same token in the other environment replaces the old registration, since a token is only
 * valid in one of them.
 */
export function registerDevice(
  command: RegisterDevice,
  state: UserState,
): Decision<DeviceRegistered | DeviceUnregistered> {
  const token = normaliseDeviceToken(command.token);
  if (!ENVIRONMENTS.includes(command.environment)) {
    throw new InvalidCommandError(
      'invalid_device_environment',
      'A device environment is "production" or "sandbox".',
    );
  }
  const environment = command.environment as DeviceEnvironment;
  const { userId, deviceId } = command;
  if (state.status !== 'registered') {
    throw new NotFoundError('user_not_found', `There is no user ${userId}.`);
  }

  const existing = deviceWithToken(state, token);
  if (existing?.environment === environment) return unchanged();
  if (state.devices[deviceId] !== undefined) {
    throw new ConflictError('device_id_taken', `Device ${deviceId} is already registered.`);
  }

  const registered: DeviceRegistered = {
    type: 'DeviceRegistered',
    data: { userId, deviceId, token, environment },
  };
  if (existing === undefined) return emit(registered);
  return emit<DeviceRegistered | DeviceUnregistered>(
    { type: 'DeviceUnregistered', data: { userId, deviceId: existing.deviceId } },
    registered,
  );
}

export const registerDeviceDecider: Decider<RegisterDevice, UserState, UserEvent> = {
  streams: (command) => [userStream(command.userId)],
  initialState: initialUserState,
  evolve: evolveUser,
  decide: registerDevice,
};

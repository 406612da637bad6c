import type { DeviceEnvironment, UserEvent } from './events';

export interface Device {
  deviceId: string;
  token: string;
  environment: DeviceEnvironment;
}

/** What decisions about a user need, folded from user-<userId>. */
export type UserState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      userId: string;
      username: string;
      displayName: string;
      bio: string;
      /** By deviceId: the devices that get push notifications. */
      devices: Readonly<Record<string, Device>>;
    };

export const initialUserState = (): UserState => ({ status: 'unregistered' });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserRegistered') {
    const { userId, username, displayName } = event.data;
    return { status: 'registered', userId, username, displayName, bio: '', devices: {} };
  }
  // Every other event is about a registered user; in a well-formed stream it never comes first.
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'ProfileUpdated': {
      const { displayName = state.displayName, bio = state.bio } = event.data;
      return { ...state, displayName, bio };
    }
    case 'DeviceRegistered': {
      const { deviceId, token, environment } = event.data;
      return {
        ...state,
        devices: { ...state.devices, [deviceId]: { deviceId, token, environment } },
      };
    }
    case 'DeviceUnregistered':
    case 'DeviceTokenInvalidated':
      return { ...state, devices: withoutKey(state.devices, event.data.deviceId) };
  }
}

/** The registered device holding this (normalised) token, if any. */
export function deviceWithToken(state: UserState, token: string): Device | undefined {
  if (state.status !== 'registered') return undefined;
  return Object.values(state.devices).find((device) => device.token === token);
}

function withoutKey<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/** The stream's fold, for handlers that load it on its own. */
export const userEvolver = { initialState: initialUserState, evolve: evolveUser };

import type { DomainEvent } from '../shared/event';

// Stream user-<userId>.

export type UserRegistered = DomainEvent<
  'UserRegistered',
  {
    userId: string;
    /** As typed (case kept); uniqueness is case-insensitive, see UsernameClaimed. */
    username: string;
    displayName: string;
    registeredAt: string;
  }
>;

/** Only the fields that changed are present. `bio: ''` clears the bio. */
export type ProfileUpdated = DomainEvent<
  'ProfileUpdated',
  { userId: string; displayName?: string; bio?: string }
>;

export type DeviceEnvironment = 'production' | 'sandbox';

export type DeviceRegistered = DomainEvent<
  'DeviceRegistered',
  {
    userId: string;
    deviceId: string;
    /** APNs device token, 64 lowercase hex characters. */
    token: string;
    environment: DeviceEnvironment;
  }
>;

export type DeviceUnregistered = DomainEvent<
  'DeviceUnregistered',
  { userId: string; deviceId: string }
>;

/** Written by the push saga when APNs answers 410 Unregistered; the device is gone. */
export type DeviceTokenInvalidated = DomainEvent<
  'DeviceTokenInvalidated',
  { userId: string; deviceId: string; reason: string }
>;

export type UserEvent =
  UserRegistered | ProfileUpdated | DeviceRegistered | DeviceUnregistered | DeviceTokenInvalidated;

export const USER_EVENT_TYPES = {
  UserRegistered: true,
  ProfileUpdated: true,
  DeviceRegistered: true,
  DeviceUnregistered: true,
  DeviceTokenInvalidated: true,
} as const satisfies Record<UserEvent['type'], true>;

// Stream username-<lowercased username>: one event, ever. Its existence is the claim.

export type UsernameClaimed = DomainEvent<'UsernameClaimed', { username: string; userId: string }>;

export type UsernameEvent = UsernameClaimed;

export const USERNAME_EVENT_TYPES = {
  UsernameClaimed: true,
} as const satisfies Record<UsernameEvent['type'], true>;

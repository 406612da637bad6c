/** Events and values the specs share, so each test states only what it is about. */
import type { SessionRefreshed, SessionRevoked, SessionStarted } from '../credentials/events';
import type { Followed } from '../follows/events';
import type { Liked } from '../likes/events';
import type { PhotoDeleted, PhotoObjects, PhotoPosted } from '../photos/events';
import type { DeviceRegistered, UserRegistered, UsernameClaimed } from '../users/events';

export const NOW = new Date('2026-03-01T12:00:00.000Z');
export const NOW_ISO = NOW.toISOString();

export const ANA = '7205759403792793600';
export const BEN = '7205759403792793601';
export const PHOTO = '7205759403792794624';
export const TOKEN = 'a'.repeat(64);
export const OTHER_TOKEN = 'b'.repeat(64);

export const userRegistered = (userId = ANA, username = 'Ana.Lima'): UserRegistered => ({
  type: 'UserRegistered',
  data: { userId, username, displayName: 'Ana', registeredAt: NOW_ISO },
});

export const usernameClaimed = (username = 'Ana.Lima', userId = ANA): UsernameClaimed => ({
  type: 'UsernameClaimed',
  data: { username, userId },
});

export const deviceRegistered = (
  deviceId: string,
  token = TOKEN,
  environment: 'production' | 'sandbox' = 'production',
  userId = ANA,
): DeviceRegistered => ({
  type: 'DeviceRegistered',
  data: { userId, deviceId, token, environment },
});

export const OBJECTS: PhotoObjects = {
  original: `photos/${PHOTO}/original.jpg`,
  large: `photos/${PHOTO}/612.jpg`,
  medium: `photos/${PHOTO}/306.jpg`,
  small: `photos/${PHOTO}/150.jpg`,
};

export const photoPosted = (photoId = PHOTO, ownerId = ANA): PhotoPosted => ({
  type: 'PhotoPosted',
  data: {
    photoId,
    ownerId,
    caption: 'sunset',
    objects: OBJECTS,
    width: 2048,
    height: 1536,
    postedAt: NOW_ISO,
  },
});

export const photoDeleted = (photoId = PHOTO, ownerId = ANA): PhotoDeleted => ({
  type: 'PhotoDeleted',
  data: { photoId, ownerId, deletedAt: NOW_ISO },
});

export const liked = (photoId = PHOTO, userId = BEN, photoOwnerId = ANA): Liked => ({
  type: 'Liked',
  data: { photoId, userId, photoOwnerId, likedAt: NOW_ISO },
});

export const followed = (followerId = BEN, followeeId = ANA): Followed => ({
  type: 'Followed',
  data: { followerId, followeeId, followedAt: NOW_ISO },
});

export const SESSION = '7205759403792795648';
export const IN_A_MONTH = new Date(NOW.getTime() + 30 * 24 * 3600 * 1000);

export const sessionStarted = (
  refreshTokenHash = 'hash-1',
  expiresAt = IN_A_MONTH.toISOString(),
): SessionStarted => ({
  type: 'SessionStarted',
  data: { sessionId: SESSION, userId: ANA, refreshTokenHash, expiresAt },
});

export const sessionRefreshed = (
  refreshTokenHash: string,
  expiresAt = IN_A_MONTH.toISOString(),
): SessionRefreshed => ({
  type: 'SessionRefreshed',
  data: { sessionId: SESSION, refreshTokenHash, expiresAt },
});

export const sessionRevoked = (
  reason: SessionRevoked['data']['reason'] = 'logout',
): SessionRevoked => ({
  type: 'SessionRevoked',
  data: { sessionId: SESSION, reason },
});

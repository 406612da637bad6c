import {
  EVENT_TYPES,
  isPhotoFeedEventType,
  streamOf,
  toStreamWrites,
  type PhotoFeedEvent,
} from './events';
import { parseStreamId } from './shared/streams';
import {
  ANA,
  BEN,
  followed,
  liked,
  PHOTO,
  photoPosted,
  userRegistered,
  usernameClaimed,
} from './testing/fixtures';

const SESSION = '9';

/** One event of every type. */
const oneOfEach: PhotoFeedEvent[] = [
  userRegistered(),
  { type: 'ProfileUpdated', data: { userId: ANA, bio: 'b' } },
  {
    type: 'DeviceRegistered',
    data: { userId: ANA, deviceId: '1', token: 'a'.repeat(64), environment: 'sandbox' },
  },
  { type: 'DeviceUnregistered', data: { userId: ANA, deviceId: '1' } },
  { type: 'DeviceTokenInvalidated', data: { userId: ANA, deviceId: '1', reason: 'Unregistered' } },
  usernameClaimed('Ana.Lima'),
  { type: 'PasswordSet', data: { userId: ANA, passwordHash: 'h' } },
  {
    type: 'SessionStarted',
    data: { sessionId: SESSION, userId: ANA, refreshTokenHash: 'h', expiresAt: 'e' },
  },
  { type: 'SessionRefreshed', data: { sessionId: SESSION, refreshTokenHash: 'h', expiresAt: 'e' } },
  { type: 'SessionRevoked', data: { sessionId: SESSION, reason: 'logout' } },
  photoPosted(),
  { type: 'PhotoDeleted', data: { photoId: PHOTO, ownerId: ANA, deletedAt: 'd' } },
  liked(PHOTO, BEN),
  { type: 'Unliked', data: { photoId: PHOTO, userId: BEN, photoOwnerId: ANA } },
  followed(BEN, ANA),
  { type: 'Unfollowed', data: { followerId: BEN, followeeId: ANA } },
];

describe('EVENT_TYPES', () => {
  it('lists every event type once', () => {
    expect([...EVENT_TYPES].sort()).toEqual(oneOfEach.map((e) => e.type).sort());
    expect(isPhotoFeedEventType('Liked')).toBe(true);
    expect(isPhotoFeedEventType('toString')).toBe(false);
  });
});

describe('streamOf', () => {
  it('names the stream each event belongs to', () => {
    expect(oneOfEach.map(streamOf)).toEqual([
      ...Array(5).fill(`user-${ANA}`),
      'username-ana.lima',
      `credentials-${ANA}`,
      ...Array(3).fill(`session-${SESSION}`),
      `photo-${PHOTO}`,
      `photo-${PHOTO}`,
      `like-${PHOTO}-${BEN}`,
      `like-${PHOTO}-${BEN}`,
      `follow-${BEN}-${ANA}`,
      `follow-${BEN}-${ANA}`,
    ]);
    for (const event of oneOfEach) expect(parseStreamId(streamOf(event))).toBeDefined();
  });
});

describe('toStreamWrites', () => {
  const registration: PhotoFeedEvent[] = [
    userRegistered(),
    usernameClaimed('Ana.Lima'),
    { type: 'PasswordSet', data: { userId: ANA, passwordHash: 'h' } },
    {
      type: 'DeviceRegistered',
      data: { userId: ANA, deviceId: '1', token: 'a'.repeat(64), environment: 'sandbox' },
    },
  ];

  it('groups events by stream in decision order, expecting the revisions read', () => {
    const read = new Map([
      [`user-${ANA}`, -1n],
      ['username-ana.lima', -1n],
      [`credentials-${ANA}`, 4n],
    ]);
    expect(toStreamWrites(registration, read)).toEqual([
      {
        streamId: `user-${ANA}`,
        expectedRevision: 'noStream',
        events: [registration[0], registration[3]],
      },
      { streamId: 'username-ana.lima', expectedRevision: 'noStream', events: [registration[1]] },
      { streamId: `credentials-${ANA}`, expectedRevision: 4n, events: [registration[2]] },
    ]);
  });

  it('refuses an event for a stream the handler did not read', () => {
    expect(() => toStreamWrites(registration, new Map([[`user-${ANA}`, -1n]]))).toThrow(
      /did not read/,
    );
  });

  it('gives no writes for an unchanged decision', () => {
    expect(toStreamWrites([], new Map())).toEqual([]);
  });
});

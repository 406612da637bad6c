import { CREDENTIALS_EVENT_TYPES, SESSION_EVENT_TYPES } from './credentials/events';
import type { CredentialsEvent, SessionEvent } from './credentials/events';
import { FOLLOW_EVENT_TYPES } from './follows/events';
import type { FollowEvent } from './follows/events';
import { LIKE_EVENT_TYPES } from './likes/events';
import type { LikeEvent } from './likes/events';
import { PHOTO_EVENT_TYPES } from './photos/events';
import type { PhotoEvent } from './photos/events';
import {
  credentialsStream,
  followStream,
  likeStream,
  photoStream,
  sessionStream,
  userStream,
  usernameStream,
} from './shared/streams';
import { USER_EVENT_TYPES, USERNAME_EVENT_TYPES } from './users/events';
import type { UserEvent, UsernameEvent } from './users/events';

/** Every event the photo feed writes. */
export type PhotoFeedEvent =
  | UserEvent
  | UsernameEvent
  | CredentialsEvent
  | SessionEvent
  | PhotoEvent
  | LikeEvent
  | FollowEvent;

export type PhotoFeedEventType = PhotoFeedEvent['type'];

const ALL_EVENT_TYPES = {
  ...USER_EVENT_TYPES,
  ...USERNAME_EVENT_TYPES,
  ...CREDENTIALS_EVENT_TYPES,
  ...SESSION_EVENT_TYPES,
  ...PHOTO_EVENT_TYPES,
  ...LIKE_EVENT_TYPES,
  ...FOLLOW_EVENT_TYPES,
} as const satisfies Record<PhotoFeedEventType, true>;

export const EVENT_TYPES = Object.keys(ALL_EVENT_TYPES) as readonly PhotoFeedEventType[];

export function isPhotoFeedEventType(type: string): type is PhotoFeedEventType {
  return Object.prototype.hasOwnProperty.call(ALL_EVENT_TYPES, type);
}

/**
 * The stream an event belongs to. Every event carries the ids that name its stream, so a decision
 * is just a list of events and the handler groups them by this to append them.
 */
export function streamOf(event: PhotoFeedEvent): string {
  switch (event.type) {
    case 'UserRegistered':
    case 'ProfileUpdated':
    case 'DeviceRegistered':
    case 'DeviceUnregistered':
    case 'DeviceTokenInvalidated':
      return userStream(event.data.userId);
    case 'UsernameClaimed':
      return usernameStream(event.data.username);
    case 'PasswordSet':
      return credentialsStream(event.data.userId);
    case 'SessionStarted':
    case 'SessionRefreshed':
    case 'SessionRevoked':
      return sessionStream(event.data.sessionId);
    case 'PhotoPosted':
    case 'PhotoDeleted':
      return photoStream(event.data.photoId);
    case 'Liked':
    case 'Unliked':
      return likeStream(event.data.photoId, event.data.userId);
    case 'Followed':
    case 'Unfollowed':
      return followStream(event.data.followerId, event.data.followeeId);
  }
}

/** One stream's share of a decision: the shape of one request of an atomic multi-stream append. */
export interface StreamWrite<Event> {
  streamId: string;
  /** The revision the handler read: `noStream` when the stream was empty (revision -1). */
  expectedRevision: 'noStream' | bigint;
  events: Event[];
}

/**
 * A decision's events grouped by stream, in decision order, each expecting the revision the
 * handler read (`revisionsRead`: stream id → last revision, -1n when empty). An event for a stream
 * that was not read is a bug in a decider: its expected revision would be a guess.
 */
export function toStreamWrites<Event extends PhotoFeedEvent>(
  events: readonly Event[],
  revisionsRead: ReadonlyMap<string, bigint>,
): StreamWrite<Event>[] {
  const writes = new Map<string, StreamWrite<Event>>();
  for (const event of events) {
    const streamId = streamOf(event);
    let write = writes.get(streamId);
    if (write === undefined) {
      const revision = revisionsRead.get(streamId);
      if (revision === undefined) {
        throw new Error(`${event.type} goes to ${streamId}, which the handler did not read`);
      }
      write = { streamId, expectedRevision: revision < 0n ? 'noStream' : revision, events: [] };
      writes.set(streamId, write);
    }
    write.events.push(event);
  }
  return [...writes.values()];
}

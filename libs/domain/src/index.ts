/**
 * The write side's domain: events as plain types, and per use case a `decide` function plus a
 * `Decider` (which streams to read, how to fold them, how to decide). Plain TypeScript: no I/O,
 * no framework, no clock (time comes in the command). Ids are decimal strings, allocated by the api.
 */

export * from './shared/decider';
export * from './shared/domain-error';
export type { DomainEvent } from './shared/event';
export { isOneOf } from './shared/event';
export * from './shared/streams';
export * from './events';

export * from './users/events';
export * from './users/user-state';
export * from './users/username-state';
export { BIO_MAX, DISPLAY_NAME_MAX, USERNAME_PATTERN } from './users/profile-rules';
export * from './users/register-user';
export * from './users/update-profile';
export * from './users/register-device';
export * from './users/unregister-device';

export * from './credentials/events';
export * from './credentials/credentials-state';
export * from './credentials/session-state';
export * from './credentials/set-password';
export * from './credentials/start-session';
export * from './credentials/refresh-session';
export * from './credentials/revoke-session';

export * from './photos/events';
export * from './photos/photo-state';
export { CAPTION_MAX, PLACE_NAME_MAX } from './photos/photo-rules';
export * from './photos/post-photo';
export * from './photos/delete-photo';

export * from './likes/events';
export * from './likes/like-state';
export * from './likes/like-photo';
export * from './likes/unlike-photo';

export * from './follows/events';
export * from './follows/follow-state';
export * from './follows/follow-user';
export * from './follows/unfollow-user';

import type { DomainEvent } from '../shared/event';

// PRIVATE streams (see PRIVATE_STREAM_CATEGORIES): they hold secrets' hashes and never leave the
// write side.

// Stream credentials-<userId>.

/** The hash is computed by the api (argon2); the domain only records it. */
export type PasswordSet = DomainEvent<'PasswordSet', { userId: string; passwordHash: string }>;

export type CredentialsEvent = PasswordSet;

export const CREDENTIALS_EVENT_TYPES = {
  PasswordSet: true,
} as const satisfies Record<CredentialsEvent['type'], true>;

// Stream session-<sessionId>.

export type SessionStarted = DomainEvent<
  'SessionStarted',
  { sessionId: string; userId: string; refreshTokenHash: string; expiresAt: string }
>;

/** The refresh token was rotated: only the new hash is valid from now on. */
export type SessionRefreshed = DomainEvent<
  'SessionRefreshed',
  { sessionId: string; refreshTokenHash: string; expiresAt: string }
>;

export type SessionRevokedReason = 'logout' | 'reuse_detected' | 'password_changed';

export type SessionRevoked = DomainEvent<
  'SessionRevoked',
  { sessionId: string; reason: SessionRevokedReason }
>;

export type SessionEvent = SessionStarted | SessionRefreshed | SessionRevoked;

export const SESSION_EVENT_TYPES = {
  SessionStarted: true,
  SessionRefreshed: true,
  SessionRevoked: true,
} as const satisfies Record<SessionEvent['type'], true>;

import { InvalidCommandError } from '../shared/domain-error';

export function requireRefreshTokenHash(hash: string): void {
  if (hash.length === 0) {
    throw new InvalidCommandError(
      'invalid_refresh_token_hash',
      'A refresh-token hash is required.',
    );
  }
}

/** A session's expiry, as stored: it must lie after `now`. */
export function validExpiry(expiresAt: Date, now: Date): string {
  if (!(expiresAt.getTime() > now.getTime())) {
    throw new InvalidCommandError('invalid_session_expiry', 'A session must expire after now.');
  }
  return expiresAt.toISOString();
}

export function hasExpired(expiresAt: string, now: Date): boolean {
  return Date.parse(expiresAt) <= now.getTime();
}

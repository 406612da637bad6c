import { InvalidCommandError } from '../shared/domain-error';
import { characterCount } from '../shared/text';

export const USERNAME_PATTERN = /^[a-z0-9._]{3,30}$/i;
export const DISPLAY_NAME_MAX = 64;
export const BIO_MAX = 150;

/** 3–30 of a–z, 0–9, `.` and `_`, either case. Returned as typed: the case is the user's choice. */
export function validUsername(username: string): string {
  if (!USERNAME_PATTERN.test(username)) {
    throw new InvalidCommandError(
      'invalid_username',
      'A username is 3 to 30 characters: letters a-z, digits, "." and "_".',
    );
  }
  return username;
}

/** Trimmed, 1–64 characters. */
export function validDisplayName(displayName: string): string {
  const trimmed = displayName.trim();
  const length = characterCount(trimmed);
  if (length < 1 || length > DISPLAY_NAME_MAX) {
    throw new InvalidCommandError(
      'invalid_display_name',
      `A display name is 1 to ${DISPLAY_NAME_MAX} characters, not counting surrounding spaces.`,
    );
  }
  return trimmed;
}

/** Trimmed, at most 150 characters; empty clears the bio. */
export function validBio(bio: string): string {
  const trimmed = bio.trim();
  if (characterCount(trimmed) > BIO_MAX) {
    throw new InvalidCommandError('invalid_bio', `A bio is at most ${BIO_MAX} characters.`);
  }
  return trimmed;
}

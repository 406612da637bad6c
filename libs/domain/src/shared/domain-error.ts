/**
 * Every refusal the domain can make, with the kind of each. The api maps `kind` to an HTTP status
 * and `code` to a problem type; both are part of the public contract, so a code never changes meaning.
 *
 * `unauthenticated` is beyond the five kinds of the first brief: a refused refresh token (reused,
 * expired, revoked session) must answer 401, which none of the others maps to honestly.
 */
export const DOMAIN_ERROR_CODES = {
  // invalid: the command's shape is wrong, whatever the state
  invalid_username: 'invalid',
  invalid_display_name: 'invalid',
  invalid_bio: 'invalid',
  empty_profile_update: 'invalid',
  invalid_password_hash: 'invalid',
  invalid_device_token: 'invalid',
  invalid_device_environment: 'invalid',
  invalid_caption: 'invalid',
  invalid_location: 'invalid',
  invalid_photo_objects: 'invalid',
  invalid_photo_dimensions: 'invalid',
  invalid_refresh_token_hash: 'invalid',
  invalid_session_expiry: 'invalid',
  cannot_follow_self: 'invalid',
  // not_found
  user_not_found: 'not_found',
  device_not_found: 'not_found',
  photo_not_found: 'not_found',
  session_not_found: 'not_found',
  // conflict
  username_taken: 'conflict',
  device_id_taken: 'conflict',
  photo_id_taken: 'conflict',
  session_id_taken: 'conflict',
  // forbidden
  not_photo_owner: 'forbidden',
  not_session_owner: 'forbidden',
  // gone
  photo_deleted: 'gone',
  // unauthenticated
  session_revoked: 'unauthenticated',
  session_expired: 'unauthenticated',
  refresh_token_reused: 'unauthenticated',
  refresh_token_invalid: 'unauthenticated',
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_CODES;
export type DomainErrorKind = (typeof DOMAIN_ERROR_CODES)[DomainErrorCode];
/** The codes of one kind: `new ConflictError('photo_deleted', …)` does not compile. */
export type CodeOfKind<K extends DomainErrorKind> = {
  [C in DomainErrorCode]: (typeof DOMAIN_ERROR_CODES)[C] extends K ? C : never;
}[DomainErrorCode];

/** A command the domain refuses. Never thrown for bugs: those stay plain Errors (500). */
export class DomainError extends Error {
  readonly kind: DomainErrorKind;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
    this.kind = DOMAIN_ERROR_CODES[code];
  }
}

// One subclass per kind, so callers and tests can `instanceof` a kind and the compiler keeps each
// code with its kind.
export class InvalidCommandError extends DomainError {
  constructor(code: CodeOfKind<'invalid'>, message: string) {
    super(code, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(code: CodeOfKind<'not_found'>, message: string) {
    super(code, message);
  }
}

export class ConflictError extends DomainError {
  constructor(code: CodeOfKind<'conflict'>, message: string) {
    super(code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: CodeOfKind<'forbidden'>, message: string) {
    super(code, message);
  }
}

export class GoneError extends DomainError {
  constructor(code: CodeOfKind<'gone'>, message: string) {
    super(code, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code: CodeOfKind<'unauthenticated'>, message: string) {
    super(code, message);
  }
}

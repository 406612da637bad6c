/** Wrong username or password: one answer for both, so usernames cannot be probed. */
export class InvalidCredentialsError extends Error {
  readonly code = 'invalid_credentials';
  constructor() {
    super('Wrong username or password.');
    this.name = 'InvalidCredentialsError';
  }
}

/** A refresh token that is malformed, unknown, expired or revoked. */
export class InvalidRefreshTokenError extends Error {
  readonly code = 'invalid_refresh_token';
  constructor(detail = 'The refresh token is not valid. Sign in again.') {
    super(detail);
    this.name = 'InvalidRefreshTokenError';
  }
}

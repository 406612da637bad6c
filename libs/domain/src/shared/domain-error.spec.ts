import {
  ConflictError,
  DOMAIN_ERROR_CODES,
  DomainError,
  ForbiddenError,
  GoneError,
  InvalidCommandError,
  NotFoundError,
  UnauthenticatedError,
} from './domain-error';

describe('DomainError', () => {
  it('takes its kind from its code, and its name from its class', () => {
    const cases: [DomainError, string][] = [
      [new InvalidCommandError('invalid_username', 'm'), 'invalid'],
      [new NotFoundError('photo_not_found', 'm'), 'not_found'],
      [new ConflictError('username_taken', 'm'), 'conflict'],
      [new ForbiddenError('not_photo_owner', 'm'), 'forbidden'],
      [new GoneError('photo_deleted', 'm'), 'gone'],
      [new UnauthenticatedError('refresh_token_reused', 'm'), 'unauthenticated'],
    ];
    for (const [error, kind] of cases) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toBeInstanceOf(Error);
      expect(error.kind).toBe(kind);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('uses stable snake_case codes', () => {
    for (const code of Object.keys(DOMAIN_ERROR_CODES)) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});

import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemError } from '../problems/problem';
import { ProblemTypes } from '../problems/problem-types';

export interface FieldError {
  /** Dotted path into the body: `location.lat`, `tags.0`. */
  readonly field: string;
  readonly message: string;
}

/**
 * The api's one ValidationPipe (class-validator DTOs): unknown properties are refused rather than
 * silently dropped (a typo in a field name should not look like success), and the payload is
 * turned into the DTO class. A refusal is a 400 `validation` problem listing every field error.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Keep the rejected values out of the error objects: they may be passwords.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new ProblemError({
        type: ProblemTypes.validation,
        status: 400,
        title: 'Request validation failed',
        detail: fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
        extensions: { errors: fieldErrors },
      });
    },
  });
}

export function flattenValidationErrors(
  errors: readonly ValidationError[],
  parent = '',
): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

import {
  CorruptImageError,
  ImageTooLargeError,
  ImageTooSmallError,
  PhotoStorageError,
  UnsupportedImageError,
} from '@photofeed/media';
import {
  problemForCodedError,
  ProblemError,
  ProblemTypes,
  registerProblemMapper,
  type FieldError,
  type ProblemMapper,
} from '../platform';

/** What the image pipeline refuses is the client's fault (4xx); a failing bucket is ours (503). */
const mediaErrors: ProblemMapper = (e) => {
  if (e instanceof UnsupportedImageError) return problemForCodedError(e, 415);
  if (
    e instanceof ImageTooLargeError ||
    e instanceof ImageTooSmallError ||
    e instanceof CorruptImageError
  )
    return problemForCodedError(e, 422);
  if (e instanceof PhotoStorageError)
    // The message names keys and counts of failed puts: internals, not for the client.
    return problemForCodedError(
      { code: e.code, message: 'The photo could not be stored. Try again later.' },
      503,
    );
  return undefined;
};

/** Idempotent (a Set of mappers): safe to call from every module instance and test app. */
export function registerPhotoProblems(): void {
  registerProblemMapper(mediaErrors);
}

/** A 400 `validation` problem, shaped as the global ValidationPipe answers for JSON bodies. */
export function validationProblem(errors: readonly FieldError[]): ProblemError {
  return new ProblemError({
    type: ProblemTypes.validation,
    status: 400,
    title: 'Request validation failed',
    detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    extensions: { errors },
  });
}

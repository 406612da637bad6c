import { InvalidCursorError } from '@photofeed/pagination';
import { ProblemTypes, registerProblemMapper, type ProblemMapper } from '../platform';

/** A cursor the client mangled, or took from another list: its mistake, a 400 naming the field. */
const readErrors: ProblemMapper = (e) => {
  if (!(e instanceof InvalidCursorError)) return undefined;
  const message = 'cursor is not one this list handed out; start again without it';
  return {
    type: ProblemTypes.validation,
    status: 400,
    title: 'Request validation failed',
    detail: `cursor: ${message}`,
    extensions: { errors: [{ field: 'cursor', message }] },
  };
};

/** Idempotent (a Set of mappers). */
export function registerReadProblems(): void {
  registerProblemMapper(readErrors);
}

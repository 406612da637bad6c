import { problemType, ProblemError } from '../../platform';

/** 404 for a user or photo the read models do not hold (never registered, deleted, or not yet projected). */
export function notFound(kind: 'user' | 'photo', id: string): ProblemError {
  const code = `${kind}_not_found`;
  return new ProblemError({
    type: problemType(`${kind}-not-found`),
    status: 404,
    title: `${kind === 'user' ? 'User' : 'Photo'} not found`,
    detail: `no ${kind} ${id}`,
    extensions: { code },
  });
}

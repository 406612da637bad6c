import { HttpException } from '@nestjs/common';
import { problemFromFastifyError } from './fastify-errors';
import { ProblemError, type Problem } from './problem';
import { mapWithRegisteredMappers } from './problem-mappers';
import { ProblemTypes, problemForStatus } from './problem-types';

export interface ResolvedProblem {
  readonly problem: Problem;
  /** A bug or an outage (5xx): logged at error level with its stack. */
  readonly serverFault: boolean;
}

const INTERNAL: Problem = {
  type: ProblemTypes.internal,
  status: 500,
  title: 'Internal server error',
  detail: 'The server failed to handle the request. Quote the requestId when reporting it.',
};

/**
 * Decides the answer for anything thrown during a request, most specific first: an explicit
 * ProblemError, a feature's mapper, a Fastify client error, a Nest HttpException by status, and
 * finally 500 for everything else (whose message is never shown: it may carry internals).
 */
export function resolveProblem(error: unknown): ResolvedProblem {
  const problem =
    (error instanceof ProblemError ? error.problem : undefined) ??
    mapWithRegisteredMappers(error) ??
    problemFromFastifyError(error)?.problem ??
    (error instanceof HttpException ? problemFromHttpException(error) : undefined) ??
    INTERNAL;
  return { problem, serverFault: problem.status >= 500 };
}

function problemFromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  if (status === 500) return INTERNAL;
  const response = error.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : typeof (response as { message?: unknown }).message === 'string'
        ? (response as { message: string }).message
        : error.message;
  const headers: Record<string, string> =
    status === 401 ? { 'www-authenticate': 'Bearer realm="photofeed"' } : {};
  return { ...problemForStatus(status), status, detail: message, headers };
}

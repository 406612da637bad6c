import {
  ConcurrencyConflictError,
  IdempotencyKeyAlreadyAppliedError,
} from '@photofeed/command-handling';
import { DomainError } from '@photofeed/domain';
import { problemForCodedError, registerProblemMapper, type ProblemMapper } from '../platform';

/** The domain's refusals by their kind: invalid 422, not_found 404, conflict 409, gone 410, ... */
const domainErrors: ProblemMapper = (e) =>
  e instanceof DomainError ? problemForCodedError(e, e.kind) : undefined;

/** The executor's own conflicts: the client may retry (or, for a reused key, should not). */
const writeConflicts: ProblemMapper = (e) =>
  e instanceof ConcurrencyConflictError || e instanceof IdempotencyKeyAlreadyAppliedError
    ? problemForCodedError(e, 'conflict')
    : undefined;

/** Idempotent: registering the same mapper twice is a no-op. */
export function registerWriteProblems(): void {
  registerProblemMapper(domainErrors);
  registerProblemMapper(writeConflicts);
}

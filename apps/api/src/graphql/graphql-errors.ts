import { Logger } from '@nestjs/common';
import {
  GraphQLError,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { PROBLEM_TYPE_BASE, problemType, ProblemTypes, type Problem } from '../platform';
// Not in the platform barrel, but exported: the one place that decides what any thrown error means
// (ProblemError, feature mappers such as DomainError's, Fastify errors, HttpException, else 500).
import { resolveProblem, type ResolvedProblem } from '../platform/problems/resolve-problem';

/** What every GraphQL error carries in `extensions`, mirroring the REST problem+json body. */
export interface GraphqlErrorExtensions {
  /** A feature's own code as REST sends it (`cannot_follow_self`), else UPPER_SNAKE. */
  code: string;
  /** The HTTP status the same failure has over REST. */
  status: number;
  /** The RFC 9457 problem type URI, the same as REST's. */
  type: string;
  requestId?: string;
  [extension: string]: unknown;
}

/** A query that does not parse or does not fit the schema. Never executed, nothing written. */
export const GRAPHQL_VALIDATION_TYPE = problemType('graphql-validation');

/** Codes for problems without a feature code of their own, in GraphQL's customary spelling. */
const CODE_BY_TYPE: Readonly<Record<string, string>> = {
  [ProblemTypes.validation]: 'BAD_USER_INPUT',
  [ProblemTypes.unauthorized]: 'UNAUTHENTICATED',
  [ProblemTypes.internal]: 'INTERNAL_SERVER_ERROR',
};

const logger = new Logger('GraphQL');

/**
 * Mercurius' errorFormatter: every error of a GraphQL response, whatever threw it, answers with the
 * same problem REST would give (type, status, and the feature's code) in `extensions`. Messages of
 * server faults are never shown (resolveProblem replaces them); the error is logged instead.
 *
 * HTTP status: when the request was refused before execution (parse or validation error, malformed
 * body) the problem's status; once executed, 200 with `errors` beside `data`, as GraphQL over HTTP
 * expects (one field's failure does not fail its siblings).
 */
export function formatGraphqlErrors(
  execution: ExecutionResult & { errors: readonly GraphQLError[] },
  context: MercuriusContext,
): { statusCode: number; response: FormattedExecutionResult } {
  const id = (context as Partial<MercuriusContext> | undefined)?.reply?.request.id;
  const requestId = id === undefined ? undefined : String(id);
  // graphql-js leaves `data` out only when it did not execute (it is null when a root field failed).
  const executed = execution.data !== undefined;
  const errors = execution.errors.flatMap((error) => {
    const nested = nestedValidationErrors(error);
    if (nested) return nested.map((e) => validationError(e, requestId));
    // Not executed and thrown by graphql-js itself: the request's own fault (a missing variable).
    if (!executed && !error.originalError) return [validationError(error, requestId)];
    return [problemError(error, requestId)];
  });
  if (executed) return { statusCode: 200, response: { data: execution.data, errors } };
  // GraphQL over HTTP: a request that failed before execution answers no `data` at all.
  return { statusCode: Math.max(...errors.map(statusOf)), response: { errors } };
}

function statusOf(error: GraphQLFormattedError): number {
  const status = error.extensions?.status;
  return typeof status === 'number' ? status : 500;
}

/** Mercurius wraps parse and validation errors in one MER_ERR_GQL_VALIDATION with `errors`. */
function nestedValidationErrors(error: GraphQLError): readonly GraphQLError[] | undefined {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(inner) ? inner.map(toGraphqlError) : undefined;
}

function toGraphqlError(error: unknown): GraphQLError {
  return error instanceof GraphQLError
    ? error
    : new GraphQLError(error instanceof Error ? error.message : String(error));
}

/**
 * A request refused before execution. Variables of the wrong shape are the caller's input
 * (BAD_USER_INPUT, like an argument the validation pipe refuses); the rest is the document.
 */
function validationError(error: GraphQLError, requestId?: string): GraphQLFormattedError {
  const badVariable = error.message.startsWith('Variable "$');
  const code = badVariable
    ? 'BAD_USER_INPUT'
    : error.message.startsWith('Syntax Error')
      ? 'GRAPHQL_PARSE_FAILED'
      : 'GRAPHQL_VALIDATION_FAILED';
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    extensions: {
      code,
      status: 400,
      type: badVariable ? ProblemTypes.validation : GRAPHQL_VALIDATION_TYPE,
      ...(requestId ? { requestId } : {}),
    } satisfies GraphqlErrorExtensions,
  };
}

function problemError(error: GraphQLError, requestId?: string): GraphQLFormattedError {
  const thrown = error.originalError ?? error;
  const { problem, serverFault } = problemOf(thrown);
  if (serverFault) logger.error({ err: thrown, requestId, path: error.path }, 'GraphQL failed');
  return {
    message: problem.detail ?? problem.title,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: extensionsOf(problem, requestId),
  };
}

function problemOf(thrown: unknown): ResolvedProblem {
  return isMercuriusClientError(thrown)
    ? { problem: mercuriusClientProblem(thrown), serverFault: false }
    : resolveProblem(thrown);
}

function extensionsOf(problem: Problem, requestId?: string): GraphqlErrorExtensions {
  const own = problem.extensions ?? {};
  return {
    ...own,
    code: typeof own.code === 'string' ? own.code : codeOf(problem),
    status: problem.status,
    type: absolute(problem.type),
    ...(requestId ? { requestId } : {}),
  };
}

function codeOf(problem: Problem): string {
  const type = absolute(problem.type);
  const known = CODE_BY_TYPE[type];
  if (known) return known;
  if (type.startsWith(PROBLEM_TYPE_BASE)) {
    return type.slice(PROBLEM_TYPE_BASE.length).replace(/-/g, '_').toUpperCase();
  }
  return `HTTP_${problem.status}`;
}

function absolute(type: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(type) ? type : problemType(type);
}

// Mercurius' own refusals of a request (`variables` that are not JSON, CSRF prevention, an unknown
// persisted query): 4xx errors with an MER_ERR_ code, which resolveProblem does not know.
interface MercuriusClientError extends Error {
  code: string;
  statusCode: number;
}

function isMercuriusClientError(error: unknown): error is MercuriusClientError {
  const { code, statusCode } = (error ?? {}) as Partial<MercuriusClientError>;
  return (
    error instanceof Error &&
    typeof code === 'string' &&
    code.startsWith('MER_ERR_') &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
  );
}

function mercuriusClientProblem(error: MercuriusClientError): Problem {
  const validation = error.code === 'MER_ERR_GQL_VALIDATION';
  return {
    type: validation ? GRAPHQL_VALIDATION_TYPE : ProblemTypes.badRequest,
    status: error.statusCode,
    title: 'Bad request',
    detail: error.message,
    extensions: { code: validation ? 'GRAPHQL_VALIDATION_FAILED' : 'BAD_REQUEST' },
  };
}

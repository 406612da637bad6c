import { ProblemTypes, problemForStatus } from './problem-types';
import { ProblemError, type Problem } from './problem';

/** Fastify (and its plugins') client errors, by code: the request was wrong, never a 500. */
const PROBLEM_BY_FASTIFY_CODE: Readonly<Record<string, Omit<Problem, 'detail'>>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    type: ProblemTypes.malformedJson,
    status: 400,
    title: 'Malformed JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    type: ProblemTypes.malformedJson,
    status: 400,
    title: 'Malformed JSON',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    type: ProblemTypes.payloadTooLarge,
    status: 413,
    title: 'Payload too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    type: ProblemTypes.unsupportedMediaType,
    status: 415,
    title: 'Unsupported media type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    type: ProblemTypes.badRequest,
    status: 400,
    title: 'Bad request',
  },
  // @fastify/multipart
  FST_REQ_FILE_TOO_LARGE: {
    type: ProblemTypes.payloadTooLarge,
    status: 413,
    title: 'Payload too large',
  },
  FST_FILES_LIMIT: { type: ProblemTypes.payloadTooLarge, status: 413, title: 'Payload too large' },
  FST_FIELDS_LIMIT: { type: ProblemTypes.payloadTooLarge, status: 413, title: 'Payload too large' },
  FST_PARTS_LIMIT: { type: ProblemTypes.payloadTooLarge, status: 413, title: 'Payload too large' },
  // multipart expected but something else sent: the plugin says 406, the honest answer is 415.
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    type: ProblemTypes.unsupportedMediaType,
    status: 415,
    title: 'Unsupported media type',
  },
};

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
}

/**
 * A Fastify client error (4xx with a `FST_` code) as a ProblemError, so it reaches the filter
 * with its code intact (Nest would turn it into a bare HttpException). Undefined for anything else.
 */
export function problemFromFastifyError(error: unknown): ProblemError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, statusCode } = error as FastifyLikeError;
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  const known = PROBLEM_BY_FASTIFY_CODE[code];
  if (known) return new ProblemError({ ...known, detail: error.message }, { cause: error });
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ProblemError(
      { ...problemForStatus(statusCode), status: statusCode, detail: error.message },
      { cause: error },
    );
  }
  return undefined;
}

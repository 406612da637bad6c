import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { ApiConfig } from '../../config';
import { requestIdFor } from '../logging/request-id';
import { problemFromFastifyError } from '../problems/fastify-errors';

/**
 * Nest turns Fastify's errors (bad JSON, body too large, wrong content type...) into bare
 * HttpExceptions, dropping their codes: "malformed JSON" and "empty body" would both be a plain
 * 400. This adapter hands them to Nest's exception filters as ProblemErrors instead, code intact.
 */
class ProblemFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(handler: Parameters<FastifyAdapter['setErrorHandler']>[0]) {
    return super.setErrorHandler(function (this: unknown, error, request, reply) {
      return handler.call(this as never, problemFromFastifyError(error) ?? error, request, reply);
    });
  }
}

export function createFastifyAdapter(config: ApiConfig): FastifyAdapter {
  return new ProblemFastifyAdapter({
    // JSON bodies; uploads have their own limit (multipart, see content-types.ts).
    bodyLimit: config.limits.jsonBodyBytes,
    trustProxy: config.trustProxy,
    genReqId: requestIdFor,
  });
}

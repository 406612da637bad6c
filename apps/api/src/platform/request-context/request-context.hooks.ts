import type { FastifyInstance } from 'fastify';
import { RequestContext } from './request-context';

const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Opens a RequestContext for every request, in the first hook, so everything after it (Nest
 * middleware, guards, handlers, the problem filter) runs inside it.
 *
 * It survives body parsing, although the body arrives in socket callbacks (the connection's async
 * context): Fastify runs its content-type parsers' continuation in the request's own async scope,
 * and multipart parts are awaited inside a hook. request-context.e2e.spec.ts holds both to it.
 */
export function registerRequestContextHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    // request.id comes from genReqId (logging/request-id.ts): the client's valid id or a new one.
    reply.header(REQUEST_ID_HEADER, request.id);
    RequestContext.run(new RequestContext(request.id), done);
  });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokens, AuthenticatedUser } from '../accounts/access-tokens';
import { RequestContext } from '../platform';
import { readIdempotencyKey } from '../platform/idempotency/idempotency-key';

/** What every resolver of one GraphQL request shares (Mercurius adds `app` and `reply` too). */
export interface GraphqlContext {
  req: FastifyRequest;
  reply: FastifyReply;
  /** The caller, when the request carried a valid access token. */
  user?: AuthenticatedUser;
  /** Why there is no `user` when a token was sent but refused (for the 401's detail). */
  authFailure?: string;
}

/**
 * Builds the context once per request. Authentication happens here, not per field, so that
 * RequestContext.userId is set before any guard runs: the platform's per-user rate limit and the
 * events' actor id read it. A missing or bad token is not refused here (register and login need
 * none); GraphqlAuthGuard refuses it on the fields that do.
 */
export function graphqlContextFactory(accessTokens: () => AccessTokens) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<GraphqlContext> => {
    const context = await authenticate(req, reply, accessTokens);
    carryIdempotencyKey(req, context.user);
    return context;
  };
}

/**
 * Idempotency-Key on /graphql: the REST interceptor's answer replay is HTTP-only, but the key still
 * goes into RequestContext, so the command handlers derive their event ids from it and the log
 * writes a retried mutation once (a retry that decided on newer state is refused with
 * `idempotency_key_already_applied`). One key per request: a second mutation on the same stream in
 * the same request would collide with the first.
 */
function carryIdempotencyKey(req: FastifyRequest, user: AuthenticatedUser | undefined): void {
  const key = readIdempotencyKey(req.headers);
  const requestContext = RequestContext.current();
  if (key === undefined || !requestContext) return;
  requestContext.idempotency = { scope: user ? `user:${user.userId}` : `ip:${req.ip}`, key };
}

async function authenticate(
  req: FastifyRequest,
  reply: FastifyReply,
  accessTokens: () => AccessTokens,
): Promise<GraphqlContext> {
  const header = req.headers.authorization;
  if (header === undefined) return { req, reply };
  const token = /^Bearer +(\S+)\s*$/i.exec(header)?.[1];
  if (!token) {
    return { req, reply, authFailure: 'The Authorization header must be "Bearer <token>".' };
  }
  const user = await accessTokens().verify(token);
  if (!user) return { req, reply, authFailure: 'The access token is invalid or expired.' };
  // The platform's onRequest hook opened it: /graphql is a Fastify route like any other
  // (graphql.e2e.spec.ts checks the request id reaches the events as their correlation id).
  const requestContext = RequestContext.current();
  if (requestContext) requestContext.userId = user.userId;
  return { req, reply, user };
}

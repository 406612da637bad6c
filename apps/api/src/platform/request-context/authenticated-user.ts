import { RequestContext } from './request-context';

/** What an authentication guard may leave on the request (passport style), besides RequestContext. */
interface RequestWithUser {
  user?: { id?: unknown; sub?: unknown; userId?: unknown };
}

/**
 * The authenticated user's id, if authentication ran before the caller. Prefers RequestContext
 * (`RequestContext.current().userId = id`), falls back to `req.user` so a passport-style guard
 * works too.
 */
export function authenticatedUserId(request: unknown): string | undefined {
  const fromContext = RequestContext.current()?.userId;
  if (fromContext) return fromContext;
  const user = (request as RequestWithUser | undefined)?.user;
  const id = user?.id ?? user?.userId ?? user?.sub;
  return typeof id === 'string' || typeof id === 'bigint' || typeof id === 'number'
    ? String(id)
    : undefined;
}

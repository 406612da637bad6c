import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { normalizeIp, Throttle } from '@nestjs/throttler';
// Not in the platform barrel: the throttler's name is what this decorator must address.
import { THROTTLER_NAMES } from '../platform/rate-limit/rate-limit.constants';
import type { GraphqlContext } from './graphql-context';

/**
 * Put on every resolver class. The platform's per-IP limit finds the client through
 * `switchToHttp().getRequest()`, which in a resolver is GraphQL's root value, not the request: all
 * GraphQL clients would share one counter, keyed "undefined". This points its tracker at the
 * request in the GraphQL context, so GraphQL calls count against the client's own per-IP budget,
 * the same Redis counter as its REST calls. (The per-user limit needs nothing: it reads
 * RequestContext.userId, which graphqlContextFactory sets.) Counted per root field.
 */
export function GraphqlRateLimits(): ClassDecorator {
  return Throttle({ [THROTTLER_NAMES.perIp]: { getTracker: graphqlClientIp } });
}

function graphqlClientIp(_root: unknown, context: ExecutionContext): string {
  const { req } = GqlExecutionContext.create(context).getContext<GraphqlContext>();
  return normalizeIp(req.ip);
}

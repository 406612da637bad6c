import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { IS_PUBLIC } from '../auth/public.decorator';
import { ProblemError, ProblemTypes } from '../platform';
import type { GraphqlContext } from './graphql-context';

/**
 * The GraphQL twin of BearerAuthGuard (which skips non-HTTP contexts): every query and mutation
 * needs the caller authenticated by graphqlContextFactory, unless it is @Public() (register, login,
 * refreshSession). Refuses with the same 401 problem as REST, which becomes an UNAUTHENTICATED
 * GraphQL error (see graphql-errors.ts).
 */
@Injectable()
export class GraphqlAuthGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const { user, authFailure } = GqlExecutionContext.create(context).getContext<GraphqlContext>();
    if (!user) throw unauthenticated(authFailure);
    return true;
  }
}

function unauthenticated(
  detail = 'An access token is required: Authorization: Bearer <token>.',
): ProblemError {
  return new ProblemError({
    type: ProblemTypes.unauthorized,
    status: 401,
    title: 'Unauthorized',
    detail,
    extensions: { code: 'UNAUTHENTICATED' },
  });
}

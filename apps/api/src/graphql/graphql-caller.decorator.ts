import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AuthenticatedUser } from '../accounts/access-tokens';
import type { GraphqlContext } from './graphql-context';

/** The caller of a field GraphqlAuthGuard let through (not on @Public() fields). */
export const Caller = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser => {
    const { user } = GqlExecutionContext.create(context).getContext<GraphqlContext>();
    if (!user) throw new Error('@Caller() on a GraphQL field that is not authenticated');
    return user;
  },
);

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from '../accounts/access-tokens';

/** The caller, as BearerAuthGuard verified it. Only on routes that are not @Public(). */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user) throw new Error('CurrentUser on a route that is not authenticated');
    return user;
  },
);

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { RequestContext } from '../request-context/request-context';

export const TEST_USER_HEADER = 'x-test-user';

/**
 * Tests only: "authenticates" whoever the `x-test-user` header names, the way the real
 * authentication guard must (a global APP_GUARD that sets RequestContext.userId). Provide it as
 * `{ provide: APP_GUARD, useClass: HeaderAuthGuard }` in a test module.
 */
@Injectable()
export class HeaderAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
      TEST_USER_HEADER
    ];
    const requestContext = RequestContext.current();
    if (typeof user === 'string' && requestContext) requestContext.userId = user;
    return true;
  }
}

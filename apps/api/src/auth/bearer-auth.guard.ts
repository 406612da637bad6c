import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokens, type AuthenticatedUser } from '../accounts/access-tokens';
import { ProblemError, ProblemTypes, RequestContext } from '../platform';
import { IS_PUBLIC } from './public.decorator';
import { VerifiedTokens } from './verified-tokens';

interface AuthenticatableRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
}

/**
 * Global (APP_GUARD): every route needs a valid `Authorization: Bearer <access token>` unless it
 * is @Public(). It sets RequestContext.userId, which the per-user rate limit, the Idempotency-Key
 * scope and the events' actor id read.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // GraphQL authenticates in its own context
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatableRequest>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    const requestContext = RequestContext.current();
    if (requestContext) requestContext.userId = user.userId;
    return true;
  }

  async authenticate(header: string | string[] | undefined): Promise<AuthenticatedUser> {
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
      throw unauthorized('An access token is required: Authorization: Bearer <token>.');
    }
    const token = header.slice('Bearer '.length).trim();
    const known = this.verified.get(token);
    if (known) return known;
    const user = await this.tokens.verify(token);
    if (!user) throw unauthorized('The access token is invalid or expired.');
    this.verified.remember(token, user);
    return user;
  }
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError({
    type: ProblemTypes.unauthorized,
    status: 401,
    title: 'Unauthorized',
    detail,
    headers: { 'WWW-Authenticate': 'Bearer' },
  });
}

import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ProblemError } from '../problems/problem';
import { ProblemTypes } from '../problems/problem-types';
import { authenticatedUserId } from '../request-context/authenticated-user';
import { THROTTLER_NAMES, type ThrottlerName } from './rate-limit.constants';

/**
 * One guard per throttler, so each can run at its own point in the guard chain (see
 * RateLimitModule): the per-IP limit before everything, the per-user limit after authentication.
 */
abstract class SingleThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: ThrottlerName;

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((t) => t.name === this.throttlerName);
  }

  /**
   * One budget per client across all routes, not one per route (the library's default), so
   * spreading requests over many routes does not multiply the limit. A route with its own limit
   * (`@RateLimit`) gets its own counter, beside the global one.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    const own = this.reflector.getAllAndOverride<unknown>(`THROTTLER:LIMIT${name}`, [
      context.getHandler(),
      context.getClass(),
    ]);
    return own === undefined
      ? `rate:${name}:${tracker}`
      : `rate:${name}:${context.getClass().name}.${context.getHandler().name}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    throw new ProblemError({
      type: ProblemTypes.rateLimited,
      status: 429,
      title: 'Too many requests',
      detail: `Rate limit of ${detail.limit} requests per ${detail.ttl / 1000} s (${this.throttlerName}) exceeded; retry in ${retryAfterSeconds} s.`,
      extensions: { retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/** Every request, by client IP (IPv6 by /56 subnet). Trust X-Forwarded-For only via TRUST_PROXY. */
@Injectable()
export class IpRateLimitGuard extends SingleThrottlerGuard {
  protected readonly throttlerName = THROTTLER_NAMES.perIp;
}

/** Authenticated requests, by user id; requests without a user skip it. */
@Injectable()
export class UserRateLimitGuard extends SingleThrottlerGuard {
  protected readonly throttlerName = THROTTLER_NAMES.perUser;

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return authenticatedUserId(context.switchToHttp().getRequest()) === undefined;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return authenticatedUserId(req) ?? 'anonymous';
  }
}

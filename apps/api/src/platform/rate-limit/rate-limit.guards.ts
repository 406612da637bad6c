import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import { ProblemError } from '../problems/problem';
import { ProblemTypes } from '../problems/problem-types';
import { authenticatedUserId } from '../request-context/authenticated-user';
import { THROTTLER_NAMES, type ThrottlerName } from './rate-limit.constants';
import { RedisThrottlerStorage, type ThrottlerCount } from './redis-throttler-storage';

type LimitRecord = Awaited<ReturnType<RedisThrottlerStorage['increment']>>;

/**
 * Per-IP counts that a request carrying credentials leaves to the per-user guard, which counts
 * both in one Redis round trip.
 */
const deferredIpCounts = new WeakMap<object, ThrottlerRequest>();

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
    throw rateLimited(this.throttlerName, detail);
  }
}

/**
 * Every request, by client IP (IPv6 by /56 subnet). Trust X-Forwarded-For only via TRUST_PROXY.
 *
 * An HTTP request that carries credentials (an Authorization header) is counted by
 * UserRateLimitGuard instead, in the same Redis round trip as its per-user count: two scripts per
 * authenticated request were a tenth of a feed read. Safe because nothing runs between the two
 * guards that could refuse the request first (this is the last APP_GUARD, the per-user guard the
 * first global one after them: rate-limit.e2e.spec.ts pins that order).
 */
@Injectable()
export class IpRateLimitGuard extends SingleThrottlerGuard {
  protected readonly throttlerName = THROTTLER_NAMES.perIp;

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    if (request.context.getType() === 'http') {
      const req = request.context.switchToHttp().getRequest<{ headers: object }>();
      if ('authorization' in req.headers) {
        deferredIpCounts.set(req, request);
        return true;
      }
    }
    return super.handleRequest(request);
  }
}

/**
 * Authenticated requests, by user id; requests without a user skip it. Also counts the per-IP
 * hit IpRateLimitGuard deferred, in the same round trip (the IP first: over its limit, the user's
 * budget is not spent, as when the IP guard refuses on its own).
 */
@Injectable()
export class UserRateLimitGuard extends SingleThrottlerGuard {
  protected readonly throttlerName = THROTTLER_NAMES.perUser;

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<object>();
    return authenticatedUserId(req) === undefined && !deferredIpCounts.has(req);
  }

  protected override async getTracker(req: { [key: string]: unknown }): Promise<string> {
    return authenticatedUserId(req) ?? 'anonymous';
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const req = request.context.switchToHttp().getRequest<object>();
    const ip = deferredIpCounts.get(req);
    if (!ip || !(this.storageService instanceof RedisThrottlerStorage))
      return super.handleRequest(request);
    deferredIpCounts.delete(req);
    const counts: [ThrottlerName, ThrottlerRequest][] = [[THROTTLER_NAMES.perIp, ip]];
    if (authenticatedUserId(req) !== undefined) counts.push([THROTTLER_NAMES.perUser, request]);
    const resolved = await Promise.all(counts.map(([, r]) => countOf(r)));
    const records = await this.storageService.incrementMany(resolved.map((c) => c.count));
    const reply = request.context.switchToHttp().getResponse<HeaderReply>();
    records.forEach((record, i) => {
      const [name, r] = counts[i];
      setLimitHeaders(reply, name, r.limit, record);
      if (record.isBlocked) {
        const { key, tracker } = resolved[i].count;
        throw rateLimited(name, { ...record, limit: r.limit, ttl: r.ttl, key, tracker });
      }
    });
    return true;
  }
}

interface HeaderReply {
  header(name: string, value: string | number): unknown;
}

async function countOf(
  r: ThrottlerRequest,
): Promise<{ count: ThrottlerCount & { tracker: string } }> {
  const req = r.context.switchToHttp().getRequest<{ [key: string]: unknown }>();
  const tracker = await r.getTracker(req, r.context);
  const key = r.generateKey(r.context, tracker, r.throttler.name!);
  return {
    count: {
      key,
      tracker,
      ttl: r.ttl,
      limit: r.limit,
      blockDuration: r.blockDuration,
      throttlerName: r.throttler.name!,
    },
  };
}

/** The headers ThrottlerGuard sets (Retry-After-<name> when blocked, X-RateLimit-*-<name>). */
function setLimitHeaders(
  reply: HeaderReply,
  name: string,
  limit: number,
  record: LimitRecord,
): void {
  if (record.isBlocked) {
    reply.header(`Retry-After-${name}`, record.timeToBlockExpire);
    return;
  }
  reply.header(`X-RateLimit-Limit-${name}`, limit);
  reply.header(`X-RateLimit-Remaining-${name}`, Math.max(0, limit - record.totalHits));
  reply.header(`X-RateLimit-Reset-${name}`, record.timeToExpire);
}

function rateLimited(name: ThrottlerName, detail: ThrottlerLimitDetail): ProblemError {
  const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
  return new ProblemError({
    type: ProblemTypes.rateLimited,
    status: 429,
    title: 'Too many requests',
    detail: `Rate limit of ${detail.limit} requests per ${detail.ttl / 1000} s (${name}) exceeded; retry in ${retryAfterSeconds} s.`,
    extensions: { retryAfterSeconds },
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

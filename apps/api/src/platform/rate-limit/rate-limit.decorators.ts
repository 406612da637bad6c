import { SkipThrottle, Throttle } from '@nestjs/throttler';
import type { RateLimitRule } from '../../config';
import { THROTTLER_NAMES } from './rate-limit.constants';

/**
 * A route's (or controller's) own limits, e.g. sign-in:
 *
 *   @RateLimit({ perIp: { limit: 10, windowSeconds: 60 } })
 *
 * A route with its own limit counts on its own counter (not the client's global budget).
 */
export function RateLimit(rules: {
  perIp?: RateLimitRule;
  perUser?: RateLimitRule;
}): MethodDecorator & ClassDecorator {
  const options: Record<string, { limit: number; ttl: number }> = {};
  if (rules.perIp) options[THROTTLER_NAMES.perIp] = toThrottler(rules.perIp);
  if (rules.perUser) options[THROTTLER_NAMES.perUser] = toThrottler(rules.perUser);
  return Throttle(options);
}

/** No rate limit at all (health probes). */
export function NoRateLimit(): MethodDecorator & ClassDecorator {
  return SkipThrottle({ [THROTTLER_NAMES.perIp]: true, [THROTTLER_NAMES.perUser]: true });
}

function toThrottler(rule: RateLimitRule): { limit: number; ttl: number } {
  return { limit: rule.limit, ttl: rule.windowSeconds * 1000 };
}

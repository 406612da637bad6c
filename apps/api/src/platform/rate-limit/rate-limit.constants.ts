/** The two named throttlers; their names appear in X-RateLimit-*-<name> headers and Redis keys. */
export const THROTTLER_NAMES = { perIp: 'ip', perUser: 'user' } as const;
export type ThrottlerName = (typeof THROTTLER_NAMES)[keyof typeof THROTTLER_NAMES];

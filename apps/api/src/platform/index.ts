/**
 * The platform's public surface for feature modules: problems (your errors → problem+json),
 * RequestContext (requestId, userId, idempotency), rate limits (@RateLimit, @NoRateLimit),
 * OpenAPI (@ApiProblems, BEARER_AUTH), the shared Redis and S3 clients and the config.
 */
export { API_CONFIG, type ApiConfig } from '../config';
export { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from './idempotency/idempotency-key';
export { S3_CLIENT } from './object-storage/object-storage.module';
export { ApiProblems, ProblemDetails } from './openapi/problem.schema';
export { BEARER_AUTH } from './openapi/openapi';
export * from './problems';
export { NoRateLimit, RateLimit } from './rate-limit/rate-limit.decorators';
export { REDIS_CLIENT } from './redis/redis.module';
export { authenticatedUserId } from './request-context/authenticated-user';
export { RequestContext, type IdempotencyScope } from './request-context/request-context';
export { flattenValidationErrors, type FieldError } from './validation/validation.pipe';

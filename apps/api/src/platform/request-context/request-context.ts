import { AsyncLocalStorage } from 'node:async_hooks';

/** An Idempotency-Key as command handlers need it: keys are the client's choice, unique per scope. */
export interface IdempotencyScope {
  /** `user:<id>` when authenticated, else `ip:<address>`. */
  readonly scope: string;
  readonly key: string;
}

/**
 * What code deep inside a request needs to know about it (for the event metadata, mostly) without
 * threading it through every call: `RequestContext.current()?.requestId`.
 *
 * Backed by AsyncLocalStorage and opened for every HTTP request by `registerRequestContextHooks`.
 * Outside a request (startup, projections, tests calling a handler directly) `current()` is
 * undefined, so callers must not assume one.
 */
export class RequestContext {
  private static readonly storage = new AsyncLocalStorage<RequestContext>();

  /** Set by authentication (the accounts module) once the bearer token is verified. */
  userId: string | undefined;
  /** Set by the idempotency interceptor when the request carries an Idempotency-Key. */
  idempotency: IdempotencyScope | undefined;

  constructor(
    /** Also the `x-request-id` response header, `requestId` in every log line and problem body. */
    readonly requestId: string,
  ) {}

  get idempotencyKey(): string | undefined {
    return this.idempotency?.key;
  }

  static current(): RequestContext | undefined {
    return RequestContext.storage.getStore();
  }

  static run<T>(context: RequestContext, fn: () => T): T {
    return RequestContext.storage.run(context, fn);
  }
}

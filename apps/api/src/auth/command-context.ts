import type { CommandContext } from '@photofeed/command-handling';
import { RequestContext } from '../platform';

/** The request's ids for the events it writes: request id as correlation id, caller as actor. */
export function commandContext(): CommandContext {
  const request = RequestContext.current();
  return {
    correlationId: request?.requestId,
    actorId: request?.userId,
    idempotency: request?.idempotency,
  };
}

import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Observable, of } from 'rxjs';
import { authenticatedUserId } from '../request-context/authenticated-user';
import { RequestContext } from '../request-context/request-context';
import { IdempotencyGate } from './idempotency-gate';
import { IDEMPOTENCY_METHODS, readIdempotencyKey } from './idempotency-key';
import { idempotentResponses } from './idempotency-responses';
import { fingerprintRequest } from './request-fingerprint';

/**
 * Idempotency-Key for POST, PATCH and DELETE: a retry with the same key and the same request gets
 * the first answer (header `Idempotent-Replayed: true`) without running the handler again; the
 * same key with a different request is a 422. Keys are scoped to the user (or, before sign-in, the
 * client IP). Runs after guards, so authentication has identified the user.
 *
 * The key also goes into RequestContext, from where command handlers derive deterministic event
 * ids: if Redis lost the record, the event log still stores the events once.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IdempotencyGate) private readonly gate: IdempotencyGate) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!IDEMPOTENCY_METHODS.has(request.method)) return next.handle();
    const key = readIdempotencyKey(request.headers);
    if (key === undefined) return next.handle();

    const userId = authenticatedUserId(request);
    const scope = userId ? `user:${userId}` : `ip:${request.ip}`;
    const requestContext = RequestContext.current();
    if (requestContext) requestContext.idempotency = { scope, key };

    const turn = await this.gate.takeTurn(scope, key, await fingerprintRequest(request));
    if (turn.kind === 'replay') {
      idempotentResponses.replayTo(request, turn.response);
      return of(undefined);
    }
    idempotentResponses.recordAnswerOf(request, turn.claim);
    return next.handle();
  }
}

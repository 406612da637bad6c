import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@nestjs/common';
import { IDEMPOTENT_REPLAYED_HEADER } from './idempotency-key';
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from './idempotency-store';

const claims = new WeakMap<FastifyRequest, IdempotencyClaim>();
const replays = new WeakMap<FastifyRequest, StoredResponse>();

/** The interceptor marks a request; the onSend hook below stores or replays its answer. */
export const idempotentResponses = {
  /** This request holds the key: store what it answers (or release the key on a 5xx). */
  recordAnswerOf(request: FastifyRequest, claim: IdempotencyClaim): void {
    claims.set(request, claim);
  },
  /** This request is a duplicate: answer it with the stored response instead. */
  replayTo(request: FastifyRequest, response: StoredResponse): void {
    replays.set(request, response);
  },
};

// Not part of "the answer": per-response, per-connection, or about this request's rate budget.
const UNSTORED_HEADER =
  /^(date|connection|keep-alive|transfer-encoding|content-length|set-cookie|x-request-id|x-ratelimit-.*|retry-after-.*|idempotent-replayed)$/i;

/**
 * Why onSend: it sees the final status and the serialized body of every answer, the handler's and
 * the problem filter's alike, so a 4xx is stored exactly like a success and a replay is the same
 * bytes. A replay also passes through here: the interceptor let Nest send an empty result, and
 * this hook swaps in the stored status, headers and body.
 */
export function registerIdempotencyHooks(
  fastify: FastifyInstance,
  store: IdempotencyStore,
  logger: Logger,
): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const replay = replays.get(request);
    if (replay) {
      replays.delete(request);
      void reply
        .code(replay.status)
        .headers(replay.headers)
        .header(IDEMPOTENT_REPLAYED_HEADER, 'true');
      return replay.body;
    }

    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    const body = serializedBody(payload);
    try {
      // A 5xx is our failure, not an answer: release the key so the client's retry runs again.
      if (reply.statusCode >= 500 || body === undefined) await store.release(claim);
      else
        await store.complete(claim, {
          status: reply.statusCode,
          headers: storedHeaders(reply),
          body,
        });
    } catch (error) {
      // The answer still goes out; the claim expires on its own (pendingTtlSeconds).
      logger.warn(`could not record the idempotent answer: ${(error as Error).message}`);
    }
    return payload;
  });
}

function serializedBody(payload: unknown): string | undefined {
  if (payload === null || payload === undefined) return '';
  if (typeof payload === 'string') return payload;
  return undefined; // a stream or buffer: not replayable, so the key is released instead
}

function storedHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || UNSTORED_HEADER.test(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

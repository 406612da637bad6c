import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  PROBLEM_CONTENT_TYPE,
  absoluteProblemType,
  type Problem,
  type ProblemDocument,
} from './problem';
import { resolveProblem } from './resolve-problem';

// Members a feature's extensions may not overwrite.
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId']);

/** Which problem each response carried, for the request's log line (see logging). */
const sentProblems = new WeakMap<object, Problem>();
export function problemSentOn(rawResponse: object): Problem | undefined {
  return sentProblems.get(rawResponse);
}

/**
 * The one place an HTTP error becomes a response: every exception, thrown anywhere in a request
 * (guards, pipes, handlers, Fastify's body parsing, unknown routes), answers as problem+json.
 *
 * Logging, once per request: the request's own log line (pino-http) carries the status and the
 * problem type; for a 5xx the error, with its stack, is attached to that line (`res.err`) instead
 * of being logged a second time here.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    // GraphQL answers errors in its own envelope; returning the error hands it back to it.
    if (host.getType() !== 'http') return exception;

    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, serverFault } = resolveProblem(exception);

    const type = absoluteProblemType(problem.type);
    // Headers already out (a stream failed midway): nothing left to answer, but the request's log
    // line must show the failure, whatever its kind.
    if (serverFault || reply.sent) (reply.raw as { err?: unknown }).err = exception;
    sentProblems.set(reply.raw, { ...problem, type });
    if (reply.sent) return;

    const body: ProblemDocument = {
      type,
      title: problem.title,
      status: problem.status,
      ...(problem.detail !== undefined ? { detail: problem.detail } : {}),
      instance: request.url.split('?', 1)[0],
      requestId: String(request.id),
    };
    for (const [name, value] of Object.entries(problem.extensions ?? {})) {
      if (!RESERVED.has(name)) body[name] = value;
    }

    void reply
      .status(problem.status)
      .headers({ ...problem.headers, 'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8` })
      .send(JSON.stringify(body));
  }
}

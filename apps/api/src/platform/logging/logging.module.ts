import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import { API_CONFIG, type ApiConfig } from '../../config';
import { problemSentOn } from '../problems/problem-details.filter';
import { RequestContext } from '../request-context/request-context';
import { requestIdFor } from './request-id';

type RawRequest = IncomingMessage & { originalUrl?: string };

function pathOf(req: RawRequest): string {
  return (req.originalUrl ?? req.url ?? '').split('?', 1)[0];
}

/**
 * JSON logs (pino) with one line per request. Every line logged during a request carries its
 * `requestId`; once authentication ran, `userId` too. Health probes are not logged (one every few
 * seconds per replica would drown the rest).
 */
export function loggingParams(config: ApiConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      // Request-scoped loggers bind only the id, not the whole request, on every line.
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      // Fastify's genReqId already chose the id and put it on the raw request.
      genReqId: (req: IncomingMessage) => req.id ?? requestIdFor(req),
      mixin: () => {
        const userId = RequestContext.current()?.userId;
        return userId ? { userId } : {};
      },
      autoLogging: { ignore: (req: RawRequest) => pathOf(req).startsWith('/health/') },
      // Method and path only: headers carry bearer tokens, query strings may carry anything.
      serializers: {
        req: (req: RawRequest) => ({ method: req.method, path: pathOf(req) }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      // A client's mistake is not our incident: 4xx at info, only 5xx at error (with the stack,
      // which the problem filter attaches as `res.err`).
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : 'info',
      customSuccessObject: (_req: IncomingMessage, res: ServerResponse, value: object) => {
        const problem = problemSentOn(res);
        return problem ? { ...value, problem: problem.type } : value;
      },
      customSuccessMessage: (req: RawRequest, res: ServerResponse) =>
        `${req.method} ${pathOf(req)} ${res.statusCode}`,
      customErrorMessage: (req: RawRequest, res: ServerResponse) =>
        `${req.method} ${pathOf(req)} ${res.statusCode}`,
    },
  };
}

@Module({
  imports: [LoggerModule.forRootAsync({ inject: [API_CONFIG], useFactory: loggingParams })],
})
export class LoggingModule {}

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * Terminus reports a failed check by throwing a 503 whose response is the health result. Probes
 * and dashboards read that shape (`{status, info, error, details}`), so the health routes answer
 * it as is instead of as a problem+json (which the global filter would make of it).
 */
@Catch(ServiceUnavailableException)
export class HealthResultFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(exception.getStatus())
      .header('cache-control', 'no-cache, no-store, must-revalidate')
      .send(exception.getResponse());
  }
}

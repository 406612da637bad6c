import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { API_CONFIG, type ApiConfig, ProblemError, ProblemTypes } from '../platform';

/**
 * Operator routes (/admin/*): `Authorization: Bearer <OPERATOR_TOKEN>`, compared in constant time.
 * Without OPERATOR_TOKEN they are closed: 404, as if they did not exist.
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.expected = config.operatorToken ? digest(config.operatorToken) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected)
      throw new ProblemError({
        type: ProblemTypes.notFound,
        status: 404,
        title: 'Not Found',
        detail: 'Operator routes are closed on this deployment (OPERATOR_TOKEN is not set).',
      });
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
      .headers.authorization;
    const token =
      typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    // Digests of equal length: timingSafeEqual tells nothing about the token's length either.
    if (!token || !timingSafeEqual(digest(token), this.expected))
      throw new ProblemError({
        type: ProblemTypes.unauthorized,
        status: 401,
        title: 'Unauthorized',
        detail: 'An operator token is required: Authorization: Bearer <OPERATOR_TOKEN>.',
      });
    return true;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

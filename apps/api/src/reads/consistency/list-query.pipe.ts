import { applyDecorators, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { ProblemError, ProblemTypes, type FieldError } from '../../platform';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageQuery } from './page-query.dto';

const POSITION = /^\d{1,20}-\d{1,20}$/;
const KNOWN = new Set(['limit', 'cursor', 'minPosition']);

/**
 * `?limit=&cursor=&minPosition=` of the list routes, checked by hand: the hottest routes of the api,
 * and class-transformer plus class-validator cost more per request than the feed's own work. Same
 * rules and the same 400 problem (field errors listed) as the global ValidationPipe would give.
 */
@Injectable()
export class ListQueryPipe implements PipeTransform<Record<string, unknown>, PageQuery> {
  transform(raw: Record<string, unknown>): PageQuery {
    const errors: FieldError[] = [];
    const query: PageQuery = {};
    for (const [field, value] of Object.entries(raw ?? {})) {
      if (!KNOWN.has(field)) {
        errors.push({ field, message: `property ${field} should not exist` });
        continue;
      }
      if (typeof value !== 'string') {
        errors.push({ field, message: `${field} must be given once` });
        continue;
      }
      if (field === 'limit') {
        const limit = Number(value);
        if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_PAGE_SIZE)
          errors.push({ field, message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}` });
        else query.limit = limit;
      } else if (field === 'cursor') {
        if (value.length > 512) errors.push({ field, message: 'cursor is too long' });
        else query.cursor = value;
      } else if (!POSITION.test(value)) {
        errors.push({ field, message: 'minPosition must be a log position ("<tx>-<seq>")' });
      } else query.minPosition = value;
    }
    if (errors.length > 0)
      throw new ProblemError({
        type: ProblemTypes.validation,
        status: 400,
        title: 'Request validation failed',
        detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        extensions: { errors },
      });
    return query;
  }
}

/**
 * The list query's shape as the handler sees it. An interface, not the PageQuery class, on purpose:
 * its design type is then Object, which the global ValidationPipe passes through untouched.
 */
export interface ListQuery {
  limit?: number;
  cursor?: string;
  minPosition?: string;
}

/** OpenAPI for `?limit=&cursor=&minPosition=` (the handler's parameter no longer names a class). */
export const ApiListQuery = (): MethodDecorator =>
  applyDecorators(
    ApiQuery({
      name: 'limit',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    }),
    ApiQuery({
      name: 'cursor',
      required: false,
      description: 'nextCursor of the previous page; opaque.',
    }),
    ApiQuery({
      name: 'minPosition',
      required: false,
      example: '81234-5678',
      description:
        'A log position a write returned: the answer waits (bounded) until the views it reads have reached it, and says in `consistency` whether they did. Also accepted as the x-min-log-position header.',
    }),
  );

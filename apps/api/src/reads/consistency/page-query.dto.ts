import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=&minPosition=` of every list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page; opaque.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({
    example: '81234-5678',
    description:
      'A log position a write returned: the answer waits (bounded) until the views it reads have reached it, and says in `consistency` whether they did. Also accepted as the x-min-log-position header.',
  })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'minPosition must be a log position ("<tx>-<seq>")' })
  minPosition?: string;
}

/** `?minPosition=` of single-document reads. */
export class ConsistencyQuery {
  @ApiPropertyOptional({
    example: '81234-5678',
    description: 'A log position a write returned: wait (bounded) until the views have reached it.',
  })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'minPosition must be a log position ("<tx>-<seq>")' })
  minPosition?: string;
}

export function pageOf(query: PageQuery): { limit: number; cursor?: string } {
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor };
}

import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem';

// The app runs under swc, where the @nestjs/swagger CLI plugin cannot run: every DTO property
// needs an explicit @ApiProperty (feature authors: the same goes for your DTOs).

export class ProblemFieldError {
  @ApiProperty({ example: 'caption' })
  field!: string;

  @ApiProperty({ example: 'caption must be shorter than or equal to 2200 characters' })
  message!: string;
}

/** RFC 9457 problem details, as every error of the api is answered. */
export class ProblemDetails {
  @ApiProperty({
    description: 'Stable URI of the kind of problem; clients switch on it.',
    example: 'https://photofeed.dev/problems/not-found',
  })
  type!: string;

  @ApiProperty({ example: 'Not found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiPropertyOptional({ example: 'photo 7170133012345 does not exist' })
  detail?: string;

  @ApiProperty({ description: 'The path of the request.', example: '/photos/7170133012345' })
  instance!: string;

  @ApiProperty({ description: 'Also the x-request-id response header.', example: '0c0e…' })
  requestId!: string;

  @ApiPropertyOptional({
    description: 'Stable error code, for domain refusals.',
    example: 'photo_not_found',
  })
  code?: string;

  @ApiPropertyOptional({
    type: [ProblemFieldError],
    description: 'For `validation` problems: one entry per refused field.',
  })
  errors?: ProblemFieldError[];
}

export const PROBLEM_SCHEMA_MODELS = [ProblemDetails, ProblemFieldError];

export const problemContent = {
  [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } },
};

/**
 * Documents error answers of a route: `@ApiProblems(404, 409)`. Every operation already lists
 * 400, 429 and 500 (see openapi.ts).
 */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(...PROBLEM_SCHEMA_MODELS),
    ...statuses.map((status) =>
      ApiResponse({ status, description: 'Problem details', content: problemContent }),
    ),
  );
}

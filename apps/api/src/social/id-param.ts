import { Param } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { IdParamPipe } from './id-param.pipe';

/** `@IdParam('photoId') photoId: string`: the path id, validated (400 when it is not an id). */
export const IdParam = (name: string): ParameterDecorator => Param(name, IdParamPipe);

/** Documents a 64-bit id path parameter: a decimal string, since JSON numbers hold only 53 bits. */
export const ApiIdParam = (name: string, description: string): MethodDecorator =>
  ApiParam({ name, description, schema: { type: 'string', pattern: '^[1-9][0-9]{0,18}$' } });

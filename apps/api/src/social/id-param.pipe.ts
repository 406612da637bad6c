import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidIdError, parseId } from '@photofeed/ids';
import { ProblemError, ProblemTypes } from '../platform';

/**
 * An id in the path (`/photos/:photoId/like`) must be one our allocator could have issued: a
 * canonical decimal string. Anything else is the client's mistake, answered like any other shape
 * error at the edge (400 `validation`, the field named), before a stream name is built from it.
 */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    try {
      parseId(value);
      return value;
    } catch (error) {
      if (!(error instanceof InvalidIdError)) throw error;
      const field = metadata.data ?? 'id';
      return invalid(field, error.message);
    }
  }
}

function invalid(field: string, message: string): never {
  throw new ProblemError({
    type: ProblemTypes.validation,
    status: 400,
    title: 'Request validation failed',
    detail: `${field}: ${message}`,
    extensions: { errors: [{ field, message }] },
  });
}

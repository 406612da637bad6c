import { formatId, InvalidIdError, parseId } from '@photofeed/ids';
import { validationProblem } from '../photo-problems';

/** A photo id from the URL in canonical form, or a 400: junk must not reach a stream name or a key. */
export function photoIdParam(raw: string): string {
  try {
    return formatId(parseId(raw));
  } catch (error) {
    if (error instanceof InvalidIdError)
      throw validationProblem([{ field: 'photoId', message: error.message }]);
    throw error;
  }
}

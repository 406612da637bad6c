import { ProblemError, ProblemTypes } from '../../platform';
import type { UpdateProfileRequest } from './profile.dto';

/**
 * An empty PATCH is a malformed request (400 `validation`), refused at the edge like any other
 * shape error, before the domain would call it `empty_profile_update` (422).
 */
export function requireSomeField(body: UpdateProfileRequest): void {
  if (body.displayName !== undefined || body.bio !== undefined) return;
  const message = 'give displayName, bio, or both';
  throw new ProblemError({
    type: ProblemTypes.validation,
    status: 400,
    title: 'Request validation failed',
    detail: `displayName, bio: ${message}`,
    extensions: {
      errors: [
        { field: 'displayName', message },
        { field: 'bio', message },
      ],
    },
  });
}

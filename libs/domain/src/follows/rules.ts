import { InvalidCommandError } from '../shared/domain-error';

export function refuseSelfFollow(followerId: string, followeeId: string): void {
  if (followerId === followeeId) {
    throw new InvalidCommandError('cannot_follow_self', 'You cannot follow yourself.');
  }
}

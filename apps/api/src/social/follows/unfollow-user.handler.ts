import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import { unfollowUserDecider } from '@photofeed/domain';

export class UnfollowUserCommand {
  constructor(
    readonly followerId: string,
    readonly followeeId: string,
    readonly context: CommandContext,
  ) {}
}

/** Unfollows; unfollowing someone not followed is `changed: false` (oneself is still a 422). */
@CommandHandler(UnfollowUserCommand)
export class UnfollowUserHandler implements ICommandHandler<UnfollowUserCommand, CommandOutcome> {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  execute({ followerId, followeeId, context }: UnfollowUserCommand) {
    return this.decisions.run(
      unfollowUserDecider,
      { followerId, followeeId },
      { ...context, actorId: followerId },
    );
  }
}

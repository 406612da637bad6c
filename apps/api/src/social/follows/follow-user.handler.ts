import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import { followUserDecider } from '@photofeed/domain';

export class FollowUserCommand {
  constructor(
    readonly followerId: string,
    readonly followeeId: string,
    readonly context: CommandContext,
  ) {}
}

/** Follows a user once: a second follow is `changed: false`; oneself 422, unknown user 404. */
@CommandHandler(FollowUserCommand)
export class FollowUserHandler implements ICommandHandler<FollowUserCommand, CommandOutcome> {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  execute({ followerId, followeeId, context }: FollowUserCommand) {
    return this.decisions.run(
      followUserDecider,
      { followerId, followeeId, now: new Date() },
      { ...context, actorId: followerId },
    );
  }
}

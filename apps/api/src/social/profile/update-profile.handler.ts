import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import { updateProfileDecider } from '@photofeed/domain';

export class UpdateProfileCommand {
  constructor(
    readonly userId: string,
    readonly changes: { displayName?: string; bio?: string },
    readonly context: CommandContext,
  ) {}
}

/** Changes the caller's display name and/or bio; the same values again is `changed: false`. */
@CommandHandler(UpdateProfileCommand)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfileCommand, CommandOutcome> {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  execute({ userId, changes, context }: UpdateProfileCommand) {
    return this.decisions.run(
      updateProfileDecider,
      { userId, displayName: changes.displayName, bio: changes.bio },
      { ...context, actorId: userId },
    );
  }
}

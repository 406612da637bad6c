import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import { unlikePhotoDecider } from '@photofeed/domain';

export class UnlikePhotoCommand {
  constructor(
    readonly photoId: string,
    readonly userId: string,
    readonly context: CommandContext,
  ) {}
}

/**
 * Undoes a like. Reads only the like stream (the owner was recorded with the like), so unliking a
 * photo deleted since still works, and unliking what is not liked is `changed: false`, not a 404.
 */
@CommandHandler(UnlikePhotoCommand)
export class UnlikePhotoHandler implements ICommandHandler<UnlikePhotoCommand, CommandOutcome> {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  execute({ photoId, userId, context }: UnlikePhotoCommand) {
    return this.decisions.run(
      unlikePhotoDecider,
      { photoId, userId },
      { ...context, actorId: userId },
    );
  }
}

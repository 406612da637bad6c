import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import { likePhotoDecider } from '@photofeed/domain';

export class LikePhotoCommand {
  constructor(
    readonly photoId: string,
    readonly userId: string,
    readonly context: CommandContext,
  ) {}
}

/** Likes a photo once: a second like is `changed: false`; unknown 404, deleted 410. */
@CommandHandler(LikePhotoCommand)
export class LikePhotoHandler implements ICommandHandler<LikePhotoCommand, CommandOutcome> {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  execute({ photoId, userId, context }: LikePhotoCommand) {
    return this.decisions.run(
      likePhotoDecider,
      { photoId, userId, now: new Date() },
      { ...context, actorId: userId },
    );
  }
}

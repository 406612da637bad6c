import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import { deletePhotoDecider } from '@photofeed/domain';
import { S3PhotoStorage } from '@photofeed/media';

export class DeletePhotoCommand {
  constructor(
    readonly photoId: string,
    /** The caller: only the owner may delete (the domain checks). */
    readonly userId: string,
    readonly context: CommandContext,
  ) {}
}

/**
 * Records PhotoDeleted, then removes the photo's objects from S3.
 *
 * The event comes first because the log is the truth: once PhotoDeleted is appended the photo is
 * gone for every reader, and objects left behind (S3 down, process killed) are only unreferenced
 * garbage that a later delete or a sweep can remove. The other order could delete the objects and
 * then fail to append, leaving a live photo whose images are missing: a broken photo for everyone
 * who follows its owner.
 */
@CommandHandler(DeletePhotoCommand)
export class DeletePhotoHandler implements ICommandHandler<DeletePhotoCommand, CommandOutcome> {
  private readonly logger = new Logger(DeletePhotoHandler.name);

  constructor(
    @Inject(Decisions) private readonly decisions: Decisions,
    @Inject(S3PhotoStorage) private readonly storage: S3PhotoStorage,
  ) {}

  async execute({ photoId, userId, context }: DeletePhotoCommand): Promise<CommandOutcome> {
    const outcome = await this.decisions.run(
      deletePhotoDecider,
      { photoId, userId, now: new Date() },
      { ...context, actorId: userId },
    );
    // Also when it was already deleted (changed: false): the owner retrying a delete whose object
    // removal failed is how that garbage gets collected. Deleting absent objects is a no-op.
    await this.storage
      .deletePhoto(photoId)
      .catch((error: Error) =>
        this.logger.warn(
          `photo ${photoId} is deleted but its objects are still in S3: ${error.message}`,
        ),
      );
    return outcome;
  }
}

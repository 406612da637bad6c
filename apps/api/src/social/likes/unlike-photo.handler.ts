import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandExecutor,
  runDecider,
  type CommandContext,
  type CommandOutcome,
} from '@photofeed/command-handling';
import { unlikePhotoDecider } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../../event-log/event-log.module';

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  execute({ photoId, userId, context }: UnlikePhotoCommand) {
    return runDecider(
      { store: this.store, executor: this.executor },
      unlikePhotoDecider,
      { photoId, userId },
      { ...context, actorId: userId },
    );
  }
}

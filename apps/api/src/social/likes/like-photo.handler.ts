import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandExecutor,
  runDecider,
  type CommandContext,
  type CommandOutcome,
} from '@photofeed/command-handling';
import { likePhotoDecider } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../../event-log/event-log.module';

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  execute({ photoId, userId, context }: LikePhotoCommand) {
    return runDecider(
      { store: this.store, executor: this.executor },
      likePhotoDecider,
      { photoId, userId, now: new Date() },
      { ...context, actorId: userId },
    );
  }
}

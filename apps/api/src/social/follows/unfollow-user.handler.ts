import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandExecutor,
  runDecider,
  type CommandContext,
  type CommandOutcome,
} from '@photofeed/command-handling';
import { unfollowUserDecider } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../../event-log/event-log.module';

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  execute({ followerId, followeeId, context }: UnfollowUserCommand) {
    return runDecider(
      { store: this.store, executor: this.executor },
      unfollowUserDecider,
      { followerId, followeeId },
      { ...context, actorId: followerId },
    );
  }
}

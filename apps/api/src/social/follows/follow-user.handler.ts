import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandExecutor,
  runDecider,
  type CommandContext,
  type CommandOutcome,
} from '@photofeed/command-handling';
import { followUserDecider } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../../event-log/event-log.module';

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  execute({ followerId, followeeId, context }: FollowUserCommand) {
    return runDecider(
      { store: this.store, executor: this.executor },
      followUserDecider,
      { followerId, followeeId, now: new Date() },
      { ...context, actorId: followerId },
    );
  }
}

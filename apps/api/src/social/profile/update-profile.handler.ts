import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandExecutor,
  runDecider,
  type CommandContext,
  type CommandOutcome,
} from '@photofeed/command-handling';
import { updateProfileDecider } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../../event-log/event-log.module';

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  execute({ userId, changes, context }: UpdateProfileCommand) {
    return runDecider(
      { store: this.store, executor: this.executor },
      updateProfileDecider,
      { userId, displayName: changes.displayName, bio: changes.bio },
      { ...context, actorId: userId },
    );
  }
}

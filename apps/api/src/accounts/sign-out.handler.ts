import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandExecutor,
  runDecider,
  type CommandContext,
  type CommandOutcome,
} from '@photofeed/command-handling';
import { revokeSessionDecider } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../event-log/event-log.module';

export class SignOutCommand {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly context: CommandContext,
  ) {}
}

/** Ends the caller's session: its refresh token stops working; access tokens expire on their own. */
@CommandHandler(SignOutCommand)
export class SignOutHandler implements ICommandHandler<SignOutCommand, CommandOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  execute({ userId, sessionId, context }: SignOutCommand) {
    return runDecider(
      { store: this.store, executor: this.executor },
      revokeSessionDecider,
      { sessionId, userId, reason: 'logout' },
      { ...context, actorId: userId },
    );
  }
}

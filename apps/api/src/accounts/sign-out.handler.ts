import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import { revokeSessionDecider } from '@photofeed/domain';

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
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  execute({ userId, sessionId, context }: SignOutCommand) {
    return this.decisions.run(
      revokeSessionDecider,
      { sessionId, userId, reason: 'logout' },
      { ...context, actorId: userId },
    );
  }
}

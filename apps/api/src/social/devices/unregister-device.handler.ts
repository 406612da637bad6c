import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Decisions, type CommandContext, type CommandOutcome } from '@photofeed/command-handling';
import { unregisterDeviceDecider } from '@photofeed/domain';

export class UnregisterDeviceCommand {
  constructor(
    readonly userId: string,
    readonly deviceId: string,
    readonly context: CommandContext,
  ) {}
}

/**
 * Stops push to one of the caller's devices. A device the caller does not have (never registered,
 * already removed, or someone else's) is a 404: the domain keeps no memory of removed devices.
 */
@CommandHandler(UnregisterDeviceCommand)
export class UnregisterDeviceHandler implements ICommandHandler<
  UnregisterDeviceCommand,
  CommandOutcome
> {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  execute({ userId, deviceId, context }: UnregisterDeviceCommand) {
    return this.decisions.run(
      unregisterDeviceDecider,
      { userId, deviceId },
      { ...context, actorId: userId },
    );
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandExecutor,
  runDecider,
  type CommandContext,
  type CommandOutcome,
} from '@photofeed/command-handling';
import { unregisterDeviceDecider } from '@photofeed/domain';
import type { EventStore } from '@photofeed/event-store';
import { EVENT_STORE } from '../../event-log/event-log.module';

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  execute({ userId, deviceId, context }: UnregisterDeviceCommand) {
    return runDecider(
      { store: this.store, executor: this.executor },
      unregisterDeviceDecider,
      { userId, deviceId },
      { ...context, actorId: userId },
    );
  }
}

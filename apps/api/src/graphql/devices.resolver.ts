import { Inject, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { CommandOutcome } from '@photofeed/command-handling';
import type { AuthenticatedUser } from '../accounts/access-tokens';
import { commandContext } from '../auth/command-context';
import {
  RegisterDeviceCommand,
  type DeviceRegistration,
} from '../social/devices/register-device.handler';
import { UnregisterDeviceCommand } from '../social/devices/unregister-device.handler';
import {
  RegisterDeviceInput,
  RegisterDevicePayload,
  UnregisterDeviceInput,
  UnregisterDevicePayload,
} from './devices.graphql-types';
import { GraphqlAuthGuard } from './graphql-auth.guard';
import { Caller } from './graphql-caller.decorator';
import { GraphqlRateLimits } from './graphql-rate-limits';

/** The caller's phones for push: the same commands as REST's /devices. */
@Resolver()
@UseGuards(GraphqlAuthGuard)
@GraphqlRateLimits()
export class DevicesResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => RegisterDevicePayload, {
    description: 'Apps call it on every launch: a token already registered answers changed: false.',
  })
  async registerDevice(
    @Args('input') input: RegisterDeviceInput,
    @Caller() caller: AuthenticatedUser,
  ): Promise<RegisterDevicePayload> {
    const r = await this.commands.execute<RegisterDeviceCommand, DeviceRegistration>(
      new RegisterDeviceCommand(caller.userId, input.token, input.environment, commandContext()),
    );
    return { changed: r.changed, position: r.position, deviceId: r.deviceId };
  }

  @Mutation(() => UnregisterDevicePayload, {
    description:
      'Stops push to one of your devices; one you do not have is device_not_found (404).',
  })
  async unregisterDevice(
    @Args('input') { deviceId }: UnregisterDeviceInput,
    @Caller() caller: AuthenticatedUser,
  ): Promise<UnregisterDevicePayload> {
    const r = await this.commands.execute<UnregisterDeviceCommand, CommandOutcome>(
      new UnregisterDeviceCommand(caller.userId, deviceId, commandContext()),
    );
    return { changed: r.changed, position: r.position, deviceId };
  }
}

import { Body, Controller, Delete, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '@photofeed/command-handling';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../accounts/access-tokens';
import { commandContext } from '../../auth/command-context';
import { CurrentUser } from '../../auth/current-user.decorator';
import { withPosition, type PositionReply } from '../../event-log/log-position-header';
import { ApiProblems, BEARER_AUTH } from '../../platform';
import { ApiIdParam, IdParam } from '../id-param';
import { WriteResponse } from '../write-response.dto';
import { DeviceResponse, RegisterDeviceRequest } from './devices.dto';
import { RegisterDeviceCommand, type DeviceRegistration } from './register-device.handler';
import { UnregisterDeviceCommand } from './unregister-device.handler';

@ApiTags('devices')
@ApiBearerAuth(BEARER_AUTH)
@Controller('devices')
export class DevicesController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  // 200, not 201, even for a new device: apps call this on every launch, and a known token is the
  // same answer with `changed: false`, as for likes and follows.
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Register the caller's phone for push (idempotent per token and environment)",
  })
  @ApiOkResponse({
    type: DeviceResponse,
    description: 'Registered now, or already (changed: false, the same deviceId).',
  })
  // 409: the token's registration changed under a concurrent request; retrying is safe.
  @ApiProblems(401, 409, 422)
  async register(
    @Body() body: RegisterDeviceRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<DeviceResponse> {
    const r = await this.commands.execute<RegisterDeviceCommand, DeviceRegistration>(
      new RegisterDeviceCommand(user.userId, body.token, body.environment, commandContext()),
    );
    return withPosition(reply, r.position, {
      deviceId: r.deviceId,
      changed: r.changed,
      position: r.position,
    });
  }

  @Delete(':deviceId')
  @HttpCode(200)
  @ApiOperation({ summary: "Unregister one of the caller's devices" })
  @ApiIdParam('deviceId', 'The device id from POST /devices.')
  @ApiOkResponse({ type: WriteResponse, description: 'Unregistered.' })
  @ApiProblems(401, 404)
  async unregister(
    @IdParam('deviceId') deviceId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<WriteResponse> {
    const r = await this.commands.execute<UnregisterDeviceCommand, CommandOutcome>(
      new UnregisterDeviceCommand(user.userId, deviceId, commandContext()),
    );
    return withPosition(reply, r.position, { changed: r.changed, position: r.position });
  }
}

import { Body, Controller, HttpCode, Inject, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '@photofeed/command-handling';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../accounts/access-tokens';
import { commandContext } from '../../auth/command-context';
import { CurrentUser } from '../../auth/current-user.decorator';
import { withPosition, type PositionReply } from '../../event-log/log-position-header';
import { ApiProblems, BEARER_AUTH } from '../../platform';
import { WriteResponse } from '../write-response.dto';
import { UpdateProfileRequest } from './profile.dto';
import { requireSomeField } from './require-some-field';
import { UpdateProfileCommand } from './update-profile.handler';

@ApiTags('profile')
@ApiBearerAuth(BEARER_AUTH)
@Controller('me')
export class ProfileController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Patch()
  @HttpCode(200)
  @ApiOperation({
    summary: "Update the caller's display name and/or bio",
    description: 'Give displayName, bio, or both: a body with neither is a 400.',
  })
  @ApiOkResponse({ type: WriteResponse, description: 'Updated, or already so (changed: false).' })
  @ApiProblems(401, 422)
  async update(
    @Body() body: UpdateProfileRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: PositionReply,
  ): Promise<WriteResponse> {
    requireSomeField(body);
    const r = await this.commands.execute<UpdateProfileCommand, CommandOutcome>(
      new UpdateProfileCommand(
        user.userId,
        { displayName: body.displayName, bio: body.bio },
        commandContext(),
      ),
    );
    return withPosition(reply, r.position, { changed: r.changed, position: r.position });
  }
}
